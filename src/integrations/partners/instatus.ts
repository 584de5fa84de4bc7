import { z } from "zod";
import type { SurfaceState } from "../../domain/vocabulary";
import { type PartnerReading, parseOrFail, worstOrOperational } from "./reading";

// Instatus public summary.json: the page status, active incidents and maintenances.

const PAGE_STATES: ReadonlyMap<string, SurfaceState> = new Map(
	Object.entries({
		UP: "OPERATIONAL",
		HASISSUES: "DEGRADED",
		UNDERMAINTENANCE: "MAINTENANCE",
	}),
);

const IMPACT_STATES: ReadonlyMap<string, SurfaceState> = new Map(
	Object.entries({
		DEGRADEDPERFORMANCE: "DEGRADED",
		PARTIALOUTAGE: "PARTIAL",
		MAJOROUTAGE: "DOWN",
		OPERATIONAL: "OPERATIONAL",
	}),
);

const InstatusSchema = z.looseObject({
	page: z.looseObject({ status: z.string() }),
	activeIncidents: z.array(z.looseObject({ status: z.string().nullish(), impact: z.string().nullish() })).nullish(),
	activeMaintenances: z.array(z.looseObject({ status: z.string().nullish() })).nullish(),
});

export function readInstatus(body: unknown): PartnerReading {
	const page = parseOrFail(InstatusSchema, body, "Instatus");
	const incidents = (page.activeIncidents ?? []).filter((incident) => incident.status !== "RESOLVED");
	const maintenanceInProgress = (page.activeMaintenances ?? []).some((m) => m.status === "INPROGRESS");
	return {
		state: worstOrOperational([
			PAGE_STATES.get(page.page.status) ?? "DEGRADED",
			...incidents.map((incident) => IMPACT_STATES.get(incident.impact ?? "") ?? "DEGRADED"),
			...(maintenanceInProgress ? ["MAINTENANCE" as const] : []),
		]),
		missingComponents: [],
	};
}
