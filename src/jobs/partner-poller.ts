import type { SurfaceState } from "../domain/vocabulary";
import { PartnerFormatError, readPartnerStatus } from "../integrations/partners";
import { describeHttpStatus } from "../lib/fetch-failure";
import { redactUrls } from "../lib/redact-urls";
import { type PartnerSurface, SURFACES } from "../surfaces/registry";
import type { JobConfig } from "./config";
import { type Fetcher, httpCheck } from "./http-check";

export type PollResult =
	| { surfaceId: string; ok: true; state: SurfaceState; detail: string }
	| { surfaceId: string; ok: false; detail: string };

const log = (line: string) => console.log(`partner_status_poller: ${line}`);

/** Polls every partner's status page at once; a failure of one is a result, never an exception. */
export async function pollPartners(config: JobConfig, fetcher: Fetcher): Promise<PollResult[]> {
	log(`polling ${config.partners.length} of ${SURFACES.length} surfaces`);
	return Promise.all(
		config.partners.map(({ surface, url }) =>
			// Whatever one partner's page does, the others' polls and the rest of the cycle go on.
			pollPartner(surface, url, config, fetcher).catch((error: unknown) =>
				failedPoll(surface, `status page poll failed unexpectedly: ${redactUrls(String(error))}`),
			),
		),
	);
}

function failedPoll(surface: PartnerSurface, detail: string): PollResult {
	log(`${detail} for ${surface.id}`);
	return { surfaceId: surface.id, ok: false, detail };
}

async function pollPartner(
	surface: PartnerSurface,
	url: string,
	config: JobConfig,
	fetcher: Fetcher,
): Promise<PollResult> {
	const fail = (detail: string) => failedPoll(surface, detail);
	const check = await httpCheck(url, config.timeoutMs, fetcher);
	if (!check.ok) return fail(`status page ${check.reason}`);
	if (check.status < 200 || check.status > 299) {
		return fail(
			`status page returned ${describeHttpStatus(check.status)}: ${redactUrls(check.body.slice(0, 120)).replace(/\s+/g, " ")}`,
		);
	}
	let body: unknown;
	try {
		body = JSON.parse(check.body);
	} catch {
		return fail("status page returned a body that is not JSON");
	}
	try {
		const reading = readPartnerStatus(surface.poll.format, body, surface.poll.componentIds);
		if (reading.missingComponents.length > 0) {
			log(
				`${surface.id}: tracked component(s) ${reading.missingComponents.join(", ")} missing from the page; using the whole page`,
			);
		}
		log(`${surface.id} -> ${reading.state}`);
		return {
			surfaceId: surface.id,
			ok: true,
			state: reading.state,
			detail: `${surface.poll.format} page says ${reading.state}`,
		};
	} catch (error) {
		if (error instanceof PartnerFormatError) return fail(`status page unreadable: ${error.message}`);
		throw error;
	}
}
