import { publicIncidentId, publicUpdateId } from "../domain/incident-id";
import { PHASE_WORDS } from "../domain/state-words";
import { incidentPath, PUBLIC_PATHS } from "../paths";
import { incidentName } from "../surfaces/incident-title";
import { surfaceName } from "../surfaces/registry";
import type { StatusSnapshot } from "../verbs/read-status-snapshot";
import { maintenanceLife } from "./maintenance-announcements";

/** How many entries a feed carries. */
export const FEED_ENTRIES = 50;

/** One entry of the feeds: an incident update or a maintenance announcement. */
export interface FeedEntry {
	/** An absolute IRI that never changes: the public JSON's URL and the update's public id. */
	id: string;
	title: string;
	/** Plain text (the public note); the renderers escape it. */
	text: string;
	/** The public JSON the entry is about. */
	link: string;
	published: string;
	updated: string;
}

/**
 * The newest FEED_ENTRIES incident updates and maintenance announcements, newest first (by when
 * they last changed). An entry's id is stable, so a reader shows each once, and an announcement
 * edited before its window starts comes back with a later `updated`.
 */
export function feedEntries(snapshot: StatusSnapshot, origin: string): FeedEntry[] {
	const absolute = (path: string) => new URL(path, origin).href;
	const incidentEntries = snapshot.incidents.flatMap(({ incident, updates }) => {
		const link = absolute(incidentPath(publicIncidentId(incident.id)));
		const name = surfaceName(incident.surfaceId);
		return updates.map((update): FeedEntry => {
			return {
				id: `${link}#${publicUpdateId(update.incidentId, update.at)}`,
				// Each update under the title it had then (a generated one names the update's severity).
				title:
					update.status === "resolved" && incident.publicTitle === null
						? `${name}: resolved`
						: `${incidentName({ ...incident, severity: update.severity })}, ${update.status}`,
				text: update.publicNote ?? "",
				link,
				published: update.at,
				updated: update.at,
			};
		});
	});
	const link = absolute(PUBLIC_PATHS.maintenances);
	const maintenanceEntries = snapshot.maintenances.flatMap((row) =>
		maintenanceLife(row).map(
			(announcement): FeedEntry => ({
				id: `${link}#${announcement.id}`,
				title: `Scheduled maintenance: ${row.title}, ${PHASE_WORDS[announcement.phase]}`,
				text: `${announcement.body} (${new Date(row.startsAt).toISOString()} to ${new Date(row.endsAt).toISOString()})`,
				link,
				published: announcement.at,
				updated: announcement.updatedAt,
			}),
		),
	);
	return [...incidentEntries, ...maintenanceEntries]
		.sort((a, b) => (a.updated === b.updated ? (a.id < b.id ? 1 : -1) : a.updated < b.updated ? 1 : -1))
		.slice(0, FEED_ENTRIES);
}
