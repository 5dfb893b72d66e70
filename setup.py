import re

from setuptools import find_packages, setup

with open("tuoyu_frappe/__init__.py") as f:
	version = re.search(r'__version__ = "([^"]+)"', f.read()).group(1)

setup(
	name="tuoyu_frappe",
	version=version,
	description="临沂市家庭托育点备案与监管 — registry, filing and supervision of home childcare points",
	author="Tuoyu Frappe contributors",
	license="MIT",
	packages=find_packages(exclude=["tests", "tests.*"]),
	include_package_data=True,
	zip_safe=False,
	python_requires=">=3.10",
	install_requires=[
		# frappe itself comes from the bench (frappe >=15.0.0,<16.0.0)
		"python-stdnum>=1.19",
		"phonenumbers>=8.13",
		"chinesecalendar>=1.9",
		"faker>=19",
	],
	extras_require={
		"test": [
			"pytest>=7",
			"playwright>=1.40",
			"requests>=2.31",
			"ruff>=0.5",
			"hypothesis>=6",
		]
	},
)
