import { roundTrip } from "../db/round-trip";
import type { Db } from "../db/sql";
import { runSurfaceSeed } from "../db/surfaces/seed";
import { SURFACES } from "../surfaces/registry";

export interface SeedOutcome {
	created: number;
	existing: number;
}

/** Every registered surface gets an UNKNOWN row unless it already has one. */
export async function seedSurfaces(db: Db, actor: string, now: Date): Promise<SeedOutcome> {
	const ids = SURFACES.map((surface) => surface.id);
	const created = await roundTrip(() => runSurfaceSeed(db, ids, actor, now.toISOString()));
	return { created, existing: ids.length - created };
}
