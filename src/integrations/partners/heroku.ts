import { z } from "zod";
import type { SurfaceState } from "../../domain/vocabulary";
import { type PartnerReading, parseOrFail, trackedOrPage, worstOrOperational } from "./reading";

// Heroku's status API v4, current-status: a traffic light per system (Apps, Data, Tools).

const LIGHT_STATES: ReadonlyMap<string, SurfaceState> = new Map(
	Object.entries({ green: "OPERATIONAL", yellow: "DEGRADED", red: "DOWN" }),
);

const HerokuSchema = z.looseObject({
	status: z.array(z.looseObject({ system: z.string(), status: z.string() })),
});

export function readHeroku(body: unknown, trackedSystems: readonly string[]): PartnerReading {
	const page = parseOrFail(HerokuSchema, body, "Heroku status");
	const lightState = (system: { status: string }) => LIGHT_STATES.get(system.status) ?? "DEGRADED";
	return trackedOrPage(trackedSystems, new Map(page.status.map((system) => [system.system, system])), lightState, () =>
		worstOrOperational(page.status.map(lightState)),
	);
}
