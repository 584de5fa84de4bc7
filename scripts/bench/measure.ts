// One endpoint measured against its references (a hello world and a Worker answering the same
// bytes): autocannon runs in turns, each reported by its median run.
import autocannon from "autocannon";
import { cachedOnly, connections, nameFilter, rounds, seconds } from "./settings.ts";

export interface Run {
	rps: number;
	p50: number;
	p99: number;
	meanLatency: number;
	errors: number;
	/** How many answers of each status other than 2xx, e.g. "503 x88". */
	failedStatuses: string;
}

export interface Target {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	bodies?: string[];
}

function percentile(sorted: number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** One autocannon run; latencies are kept in microseconds (autocannon's histogram has whole ms). */
async function load(target: Target, duration = seconds): Promise<Run> {
	const latencies: number[] = [];
	const failed = new Map<number, number>();
	const instance = autocannon({
		url: target.url,
		connections,
		duration,
		...(target.method ? { method: target.method } : {}),
		...(target.headers ? { headers: target.headers } : {}),
		...(target.bodies ? { requests: target.bodies.map((body) => ({ method: target.method, body })) } : {}),
	});
	instance.on("response", (_client, status, _bytes, milliseconds) => {
		latencies.push(milliseconds * 1000);
		if (status < 200 || status > 299) failed.set(status, (failed.get(status) ?? 0) + 1);
	});
	const result = await instance;
	latencies.sort((a, b) => a - b);
	return {
		rps: result.requests.average,
		p50: percentile(latencies, 0.5),
		p99: percentile(latencies, 0.99),
		meanLatency: latencies.reduce((sum, value) => sum + value, 0) / Math.max(latencies.length, 1),
		errors: result.non2xx + result.errors + result.timeouts,
		failedStatuses: [...failed].map(([status, count]) => `${status} x${count}`).join(", "),
	};
}

/** The run with the median req/s. */
function median(runs: Run[]): Run {
	const sorted = [...runs].sort((a, b) => a.rps - b.rps);
	const middle = sorted[Math.floor(sorted.length / 2)];
	if (!middle) throw new Error("no runs to take a median of");
	return middle;
}

export interface Measurement extends Run {
	name: string;
	hello: number;
	sameAnswer: number | null;
}

export const measurements: Measurement[] = [];

export interface Origins {
	hello: string;
	sameAnswer: string;
}

/** Records the endpoint's answer into the constant Worker, and returns where it serves it. */
async function recordSameAnswer(origins: Origins, name: string, url: string, d1: boolean): Promise<string> {
	const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
	const body = await response.text();
	const headers = [...response.headers].filter(([header]) => !["content-length", "date"].includes(header));
	const at = `${origins.sameAnswer}/${encodeURIComponent(name)}`;
	const recorded = await fetch(at, {
		method: "PUT",
		body: JSON.stringify({ status: response.status, headers, body, d1 }),
	});
	if (recorded.status !== 204) throw new Error(`could not record the answer of ${name}`);
	return at;
}

/** A cached read's entry, unless BENCH_MATCH leaves it out. */
export async function measureCached(name: string, origins: Origins, target: Target): Promise<void> {
	if (cachedOnly && !name.includes(nameFilter)) return;
	await measure(name, origins, target, "constant");
}

/**
 * The endpoint and its references, each warmed up for a second, then run in turns (hello world,
 * same answer, endpoint) BENCH_ROUNDS times, so that drift in the machine's speed hits all of them
 * alike; each is reported by its median run.
 */
export async function measure(
	name: string,
	origins: Origins,
	target: Target,
	sameAnswer: "constant" | "after one D1 round trip" | null,
): Promise<Measurement> {
	const sameAnswerUrl = sameAnswer
		? await recordSameAnswer(origins, name, target.url, sameAnswer !== "constant")
		: null;
	const targets = [{ url: origins.hello }, ...(sameAnswerUrl ? [{ url: sameAnswerUrl }] : []), target];
	for (const each of targets) await load(each, 1);
	const runs: Run[][] = targets.map(() => []);
	for (let round = 0; round < rounds; round += 1) {
		for (const [index, each] of targets.entries()) runs[index]?.push(await load(each));
	}
	const [hello, ...rest] = runs.map(median);
	const run = rest.at(-1);
	if (!hello || !run) throw new Error(`no runs for ${name}`);
	const reference = rest.length > 1 ? rest[0] : undefined;
	const measurement = { name, ...run, hello: hello.rps, sameAnswer: reference?.rps ?? null };
	measurements.push(measurement);
	console.log(
		`bench: ${name}: ${run.rps.toFixed(0)} req/s (hello world ${hello.rps.toFixed(0)}${reference ? `, same answer ${reference.rps.toFixed(0)}` : ""}), p50 ${run.p50.toFixed(0)} us, p99 ${run.p99.toFixed(0)} us${run.errors ? `, ${run.errors} errors (${run.failedStatuses || "no answer"})` : ""}`,
	);
	return measurement;
}
