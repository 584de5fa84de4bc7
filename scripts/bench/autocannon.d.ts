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
	function autocannon(options: Options): Promise<Result>;
	export default autocannon;
}
