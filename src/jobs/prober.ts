import type { JobConfig } from "./config";
import { type Fetcher, httpCheck } from "./http-check";

export interface ProbeResult {
	surfaceId: string;
	up: boolean;
	detail: string;
}

/** Probes every first-party target at once: up when it answers the expected status in time. */
export async function probeSurfaces(config: JobConfig, fetcher: Fetcher): Promise<ProbeResult[]> {
	return Promise.all(
		config.probes.map(async ({ surfaceId, target }) => {
			const check = await httpCheck(target.url, config.timeoutMs, fetcher);
			const up = check.ok && check.status === target.expectStatus;
			const detail = check.ok
				? `probe got HTTP ${check.status} in ${check.elapsedMs} ms (expected ${target.expectStatus})`
				: `probe ${check.reason}`;
			console.log(`prober: ${surfaceId} ${up ? "up" : "down"}: ${detail}`);
			return { surfaceId, up, detail };
		}),
	);
}
