// The benchmark's second reference (scripts/bench.ts): an endpoint's own answer - status, headers
// and bytes, recorded from it - served as a constant. What those bytes cost on this runtime with
// none of status-d1's work; an answer recorded with `d1` first makes one D1 round trip (SELECT 1)
// through the Sessions API, the least a public read that misses every cache must do. Never deployed.
const answers = new Map();

async function afterOneRoundTrip(env, answer) {
	await env.DB.withSession("first-unconstrained").prepare("SELECT 1").first();
	return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export default {
	fetch(request, env) {
		if (request.method === "PUT") return record(request);
		const answer = answers.get(request.url);
		if (!answer) return new Response("no answer recorded here", { status: 404 });
		if (answer.d1) return afterOneRoundTrip(env, answer);
		return new Response(answer.body, { status: answer.status, headers: answer.headers });
	},
};

async function record(request) {
	const { status, headers, body, d1 } = await request.json();
	answers.set(request.url, { status, headers: new Headers(headers), body, d1 });
	return new Response(null, { status: 204 });
}
