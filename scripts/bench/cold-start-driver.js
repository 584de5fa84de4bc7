// The cold-start reference of scripts/bench.ts: starts a Worker in an isolate of its own through a
// Worker Loader binding, and sends it one request. A new id is a new isolate, so the time to that
// first answer is what a fresh isolate costs: compiling the bundle, evaluating its modules, the
// request itself; the workerd process is already running, as it is at Cloudflare. Never deployed.
const bundles = new Map();

export default {
	async fetch(request, env) {
		const url = new URL(request.url);
		const [, name, id] = url.pathname.split("/");
		if (request.method === "PUT") {
			bundles.set(name, await request.text());
			return new Response(null, { status: 204 });
		}
		const code = bundles.get(name);
		if (code === undefined) return new Response(`no bundle ${name}`, { status: 404 });
		const worker = env.LOADER.get(`${name}-${id}`, () => ({
			compatibilityDate: env.COMPATIBILITY_DATE,
			mainModule: "index.js",
			modules: { "index.js": code },
			env: { ...env.CHILD_VARS, DB: env.DB },
		}));
		const target = new URL(url.searchParams.get("path") ?? "/", "http://status.test");
		return worker
			.getEntrypoint()
			.fetch(new Request(target, { method: request.method, headers: request.headers, body: request.body }));
	},
};
