import { z } from "zod";
import type { SurfaceState } from "../../domain/vocabulary";
import { type PartnerReading, parseOrFail, trackedOrPage } from "./reading";

// status.io public status API: numeric status codes, components with containers.

function stateOfCode(code: number): SurfaceState {
	if (code <= 100) return "OPERATIONAL";
	if (code === 200) return "MAINTENANCE";
	if (code === 300) return "DEGRADED";
	if (code === 400) return "PARTIAL";
	if (code === 500) return "DOWN";
	return "PARTIAL"; // 600, a security event, and codes status.io may add
}

const StatusSchema = z.looseObject({ id: z.string(), status_code: z.number() });

const StatusioSchema = z.looseObject({
	result: z.looseObject({
		status_overall: z.looseObject({ status_code: z.number() }),
		status: z.array(StatusSchema.extend({ containers: z.array(StatusSchema).nullish() })).nullish(),
	}),
});

export function readStatusio(body: unknown, trackedIds: readonly string[]): PartnerReading {
	const page = parseOrFail(StatusioSchema, body, "status.io");
	// Tracked ids may name a component or one of its containers (a region).
	const entries = (page.result.status ?? []).flatMap((component) => [component, ...(component.containers ?? [])]);
	return trackedOrPage(
		trackedIds,
		new Map(entries.map((entry) => [entry.id, entry])),
		(entry) => stateOfCode(entry.status_code),
		() => stateOfCode(page.result.status_overall.status_code),
	);
}
