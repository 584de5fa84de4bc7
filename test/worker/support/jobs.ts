import { env } from "cloudflare:workers";
import { runStatusJobs } from "../../../src/jobs/run-status-jobs";

export interface Scripted {
	status?: number;
	body?: string;
	contentType?: string;
	delayMs?: number;
	location?: string;
	headers?: Record<string, string>;
	bodyDelayMs?: number;
	padBytes?: number;
}

/** A URL on the stand-in server that answers `responses` in turn (the last one repeats). */
export async function scriptedUrl(responses: Scripted[]): Promise<string> {
	const key = crypto.randomUUID();
	const response = await fetch(`${env.PARTNER_SERVER}/script/${key}`, {
		method: "PUT",
		body: JSON.stringify(responses),
	});
	if (response.status !== 204) throw new Error(`scripting the partner server failed: ${response.status}`);
	return `${env.PARTNER_SERVER}/script/${key}`;
}

export const fixtureUrl = (file: string) => `${env.PARTNER_SERVER}/fixture/${file}`;

export const ok = (body: unknown): Scripted => ({ status: 200, body: JSON.stringify(body) });
export const up: Scripted = { status: 200, body: "ok", contentType: "text/plain" };
export const down: Scripted = { status: 503, body: "unavailable", contentType: "text/plain" };

/** The Worker's env with partner pages and probe targets pointed at the stand-in server. */
export function jobEnv(
	urls: { partners?: Record<string, string>; probes?: Record<string, string> },
	extra: Partial<Env> = {},
) {
	return {
		...env,
		STATUS_PARTNER_URLS: JSON.stringify(urls.partners ?? {}),
		STATUS_PROBE_URLS: JSON.stringify(urls.probes ?? {}),
		STATUS_CHECK_TIMEOUT_MS: "400",
		...extra,
	};
}

/** Every partner and probe target answering healthy, so a test only scripts what it studies. */
export async function healthyUrls() {
	const operational = await scriptedUrl([ok({ status: { indicator: "none" }, components: [] })]);
	const herokuGreen = await scriptedUrl([ok({ status: [{ system: "Apps", status: "green" }] })]);
	const probeUp = await scriptedUrl([up]);
	return {
		partners: { cloudflare: operational, alpaca: operational, plaid: operational, heroku: herokuGreen },
		probes: { "app-raxx-app": probeUp, "public-api": probeUp },
	};
}

export function runCycle(jobsEnv: ReturnType<typeof jobEnv>, now = new Date()) {
	return runStatusJobs(jobsEnv, now);
}
