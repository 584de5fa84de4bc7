import { describeHttpStatus } from "../lib/fetch-failure";
import { redactUrls } from "../lib/redact-urls";
import type { JobConfig } from "./config";
import { type Fetcher, type HttpCheck, httpCheck } from "./http-check";

export interface ProbeResult {
	surfaceId: string;
	up: boolean;
	detail: string;
}

/** Probes every first-party target at once: up when it answers the expected status in time. */
export async function probeSurfaces(config: JobConfig, fetcher: Fetcher): Promise<ProbeResult[]> {
	return Promise.all(
		config.probes.map(async ({ surfaceId, target }) => {
			// A redirect is an observation, not success: only the expected status counts as up.
			const check = await httpCheck(target.url, config.timeoutMs, fetcher).catch(
				(error: unknown): HttpCheck => ({ ok: false, status: null, reason: redactUrls(String(error)), elapsedMs: 0 }),
			);
			const up = check.ok && check.status === target.expectStatus;
			const detail = check.ok
				? `probe got ${describeHttpStatus(check.status)} in ${check.elapsedMs} ms (expected ${target.expectStatus})`
				: `probe ${check.reason}`;
			console.log(`prober: ${surfaceId} ${up ? "up" : "down"}: ${detail}`);
			return { surfaceId, up, detail };
		}),
	);
}
