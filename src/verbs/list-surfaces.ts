import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import type { SurfaceStateRow } from "../db/schema";
import { readSurfaceStates } from "../db/surfaces/reads";
import { type OverallStatus, overallStatus } from "../domain/overall-status";
import type { SurfaceState } from "../domain/vocabulary";
import { SURFACES, type Surface } from "../surfaces/registry";

export interface SurfaceStatus {
	surface: Surface;
	state: SurfaceState;
	row: SurfaceStateRow | null;
}

export interface StatusBoard {
	overall: OverallStatus;
	surfaces: SurfaceStatus[];
	/** The public data version the board was read at. */
	version: number;
}

export const SURFACE_IDS = SURFACES.map((surface) => surface.id);

/** Every registered surface with its state (UNKNOWN where no row exists yet), in one D1 round trip. */
export async function listSurfaces(reader: PublicReader): Promise<StatusBoard> {
	const { version, rows } = await roundTrip(() => readSurfaceStates(reader, SURFACE_IDS));
	return boardOf(rows, version);
}

/** The board of the registered surfaces, in registry order, from their state rows. */
export function boardOf(rows: readonly SurfaceStateRow[], version: number): StatusBoard {
	const rowsById = new Map(rows.map((row) => [row.surfaceId, row]));
	const surfaces = SURFACES.map((surface): SurfaceStatus => {
		const row = rowsById.get(surface.id) ?? null;
		return { surface, state: row?.state ?? "UNKNOWN", row };
	});
	return { overall: overallStatus(surfaces.map((status) => status.state)), surfaces, version };
}
