import { type Db, roundTrip } from "../db/client";
import { type SurfaceStateRow, surfaceState } from "../db/schema";
import { SURFACES, type Surface } from "../surfaces/registry";
import { type OverallStatus, overallStatus } from "./overall-status";
import type { SurfaceState } from "./vocabulary";

export interface SurfaceStatus {
	surface: Surface;
	state: SurfaceState;
	row: SurfaceStateRow | null;
}

export interface StatusBoard {
	overall: OverallStatus;
	surfaces: SurfaceStatus[];
}

/** Every registered surface with its state (UNKNOWN where no row exists yet), in one D1 query. */
export async function listSurfaces(db: Db): Promise<StatusBoard> {
	const rows = await roundTrip(() => db.select().from(surfaceState));
	const rowsById = new Map(rows.map((row) => [row.surfaceId, row]));
	const surfaces = SURFACES.map((surface): SurfaceStatus => {
		const row = rowsById.get(surface.id) ?? null;
		return { surface, state: row?.state ?? "UNKNOWN", row };
	});
	return { overall: overallStatus(surfaces.map((status) => status.state)), surfaces };
}
