// Preloaded into Frappe's realtime server (`node --require loopback.js apps/frappe/socketio.js`):
// socketio.js listens on its port on every interface and takes no host; every server this
// process opens without a host is bound to 127.0.0.1 instead.
const net = require("net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
	const first = args[0];
	if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
		if (typeof args[1] !== "string") args.splice(1, 0, "127.0.0.1");
	} else if (first && typeof first === "object" && first.port !== undefined && !first.host) {
		args[0] = { ...first, host: "127.0.0.1" };
	}
	return listen.apply(this, args);
};
