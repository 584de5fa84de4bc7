import { findSurface, type PartnerSurface, type ProbeTarget, SURFACES } from "../surfaces/registry";

export interface JobConfig {
	partners: { surface: PartnerSurface; url: string }[];
	probes: { surfaceId: string; target: ProbeTarget }[];
	/** Per HTTP check (poll or probe). */
	timeoutMs: number;
	/** Consecutive failed polls before a partner is UNKNOWN. */
	pollFailuresToUnknown: number;
	/** Consecutive probes that must agree before a first-party surface changes. */
	probeStreak: number;
}

export interface JobEnv {
	STATUS_PARTNER_URLS?: string;
	STATUS_PROBE_URLS?: string;
	STATUS_CHECK_TIMEOUT_MS?: string;
	STATUS_POLL_FAILURES_TO_UNKNOWN?: string;
	STATUS_PROBE_STREAK?: string;
}

function urlMap(name: string, json: string | undefined): ReadonlyMap<string, string> {
	if (!json) return new Map();
	try {
		const parsed: unknown = JSON.parse(json);
		if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
		return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
	} catch (error) {
		console.error(JSON.stringify({ event: "config_invalid", name, error: String(error) }));
		return new Map();
	}
}

function positiveInteger(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** The jobs' settings from the Worker's vars; bad values fall back to the defaults, with a log line. */
export function jobConfigFromEnv(env: JobEnv): JobConfig {
	const partnerUrls = urlMap("STATUS_PARTNER_URLS", env.STATUS_PARTNER_URLS);
	const probeUrls = urlMap("STATUS_PROBE_URLS", env.STATUS_PROBE_URLS);
	const partners = SURFACES.filter((surface): surface is PartnerSurface => surface.kind === "partner").map(
		(surface) => ({ surface, url: partnerUrls.get(surface.id) ?? surface.poll.url }),
	);
	const probes = SURFACES.flatMap((surface) => {
		if (surface.kind !== "first-party") return [];
		const override = probeUrls.get(surface.id);
		if (override)
			return [{ surfaceId: surface.id, target: { url: override, expectStatus: surface.probe?.expectStatus ?? 200 } }];
		return surface.probe ? [{ surfaceId: surface.id, target: surface.probe }] : [];
	});
	for (const id of probeUrls.keys()) {
		if (findSurface(id)?.kind !== "first-party")
			console.error(JSON.stringify({ event: "config_invalid", name: "STATUS_PROBE_URLS", surface: id }));
	}
	return {
		partners,
		probes,
		timeoutMs: positiveInteger(env.STATUS_CHECK_TIMEOUT_MS, 5000),
		pollFailuresToUnknown: positiveInteger(env.STATUS_POLL_FAILURES_TO_UNKNOWN, 3),
		probeStreak: positiveInteger(env.STATUS_PROBE_STREAK, 3),
	};
}
