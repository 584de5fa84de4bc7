import { PUBLIC_PATHS } from "../../paths";
import type { CachedPublicPath } from "../../public-cache/settings";
import { listIncidents } from "../../verbs/list-incidents";
import { listMaintenances, unlistedOf } from "../../verbs/list-maintenances";
import { listSurfaces } from "../../verbs/list-surfaces";
import { toPublicIncidentWithTimeline } from "../incidents/presenters";
import type { PublicIncidentsAnswer } from "../incidents/schemas";
import { toPublicMaintenance } from "../maintenances/presenters";
import type { PublicMaintenancesAnswer } from "../maintenances/schemas";
import { toPublicStatusBoard } from "../surfaces/presenters";
import type { PublicSurfacesAnswer } from "../surfaces/schemas";
import { type BuildAnswer, type CachedReadEnv, serveCachedRead } from "./cached-read";
import { strongEtag } from "./etag";

/** The answer each cached path is documented with (its route's 200 schema). */
interface PathAnswers {
	[PUBLIC_PATHS.surfaces]: PublicSurfacesAnswer;
	[PUBLIC_PATHS.incidents]: PublicIncidentsAnswer;
	[PUBLIC_PATHS.maintenances]: PublicMaintenancesAnswer;
}

/** The answer of any cached path. */
export type PathAnswer = PathAnswers[CachedPublicPath];

/** The strong ETag of a cached path's answer: its last path segment and the data version. */
const etagOf = (path: CachedPublicPath, version: number) => strongEtag(path.slice(path.lastIndexOf("/") + 1), version);

/**
 * How each public read cached under its path is built from D1, in one round trip. Served before
 * routing (before-routing.ts) and by their routes, from this one table.
 */
export const PATH_READS: { readonly [P in CachedPublicPath]: BuildAnswer<PathAnswers[P]> } = {
	[PUBLIC_PATHS.surfaces]: async (session, now) => {
		const board = await listSurfaces(session);
		return {
			body: toPublicStatusBoard(board, now),
			version: board.version,
			etag: etagOf(PUBLIC_PATHS.surfaces, board.version),
		};
	},
	[PUBLIC_PATHS.incidents]: async (session, now) => {
		const { version, rows, unlisted } = await listIncidents(session, now);
		return {
			body: { incidents: rows.map(toPublicIncidentWithTimeline), unlisted, generated_at: now.toISOString() },
			version,
			etag: etagOf(PUBLIC_PATHS.incidents, version),
		};
	},
	[PUBLIC_PATHS.maintenances]: async (session, now) => {
		const { version, rows, totals } = await listMaintenances(session, now);
		return {
			body: {
				maintenances: rows.map(toPublicMaintenance),
				unlisted: unlistedOf(rows, totals),
				generated_at: now.toISOString(),
			},
			version,
			etag: etagOf(PUBLIC_PATHS.maintenances, version),
		};
	},
};

/** A public read cached under its path, as sent: 304 when If-None-Match names its ETag. */
export function servePathRead(
	request: Request,
	env: CachedReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	path: CachedPublicPath,
): Promise<Response> {
	return serveCachedRead<PathAnswer>(request, env, ctx, { path }, PATH_READS[path]);
}
