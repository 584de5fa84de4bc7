// The part of autocannon's API the benchmark uses (the package ships no types).
declare module "autocannon" {
	export interface Options {
		url: string;
		connections?: number;
		duration?: number;
		method?: string;
		headers?: Record<string, string>;
		requests?: { method?: string; path?: string; headers?: Record<string, string>; body?: string }[];
	}
	export interface Histogram {
		average: number;
		mean: number;
		p50: number;
		p99: number;
	}
	export interface Result {
		requests: Histogram & { total: number };
		latency: Histogram;
		non2xx: number;
		errors: number;
		timeouts: number;
		"2xx": number;
	}
	/** A run: awaitable for its result, and an emitter of each response (its time in fractional ms). */
	export interface Instance extends PromiseLike<Result> {
		on(
			event: "response",
			listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
		): Instance;
	}
	function autocannon(options: Options): Instance;
	export default autocannon;
}
