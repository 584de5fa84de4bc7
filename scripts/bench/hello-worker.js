// The benchmark's baseline: the least a Worker can do, in the same runtime as status-d1.
export default {
	fetch() {
		return new Response('{"hello":"world"}', { headers: { "Content-Type": "application/json" } });
	},
};
