import { PUBLIC_PATHS } from "../paths";
import type { CachedPublicPath } from "../public-cache/settings";
import { listIncidents } from "../verbs/list-incidents";
import { listMaintenances } from "../verbs/list-maintenances";
import { listSurfaces } from "../verbs/list-surfaces";
import { toPublicIncidentWithTimeline } from "./incidents/presenters";
import { toPublicMaintenance } from "./maintenances/presenters";
import { toPublicStatusBoard } from "./surfaces/presenters";

/** A public read's body, and the public data version it was read at (its ETag). */
export interface BuiltAnswer {
	body: unknown;
	version: number;
}

/**
 * How each cached public read is built from D1, in one round trip. Public reads go through a D1
 * session, so read replicas may serve them; writes go to the primary.
 */
export const PUBLIC_ANSWERS: Readonly<Record<CachedPublicPath, (db: D1Database, now: Date) => Promise<BuiltAnswer>>> = {
	[PUBLIC_PATHS.surfaces]: async (db, now) => {
		const board = await listSurfaces(db.withSession("first-unconstrained"));
		return { body: toPublicStatusBoard(board, now), version: board.version };
	},
	[PUBLIC_PATHS.incidents]: async (db, now) => {
		const { version, rows } = await listIncidents(db.withSession("first-unconstrained"), now);
		return {
			body: { incidents: rows.map(toPublicIncidentWithTimeline), generated_at: now.toISOString() },
			version,
		};
	},
	[PUBLIC_PATHS.maintenances]: async (db, now) => {
		const { version, rows } = await listMaintenances(db.withSession("first-unconstrained"), now);
		return { body: { maintenances: rows.map(toPublicMaintenance), generated_at: now.toISOString() }, version };
	},
};
