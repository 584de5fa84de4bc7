import { publicIncidentId } from "../../../domain/incident-id";
import { supportedInstant } from "../../../domain/instants";
import { addDays, type LocalDate, weekday } from "../../../domain/market/local-date";
import { zoneWallClock } from "../../../domain/time-zone";
import { incidentPagePath, PUBLIC_PATHS } from "../../../paths";
import { surfaceName } from "../../../surfaces/registry";
import type { IncidentWithTimeline } from "../../../verbs/list-incidents";
import { formatDuration } from "../words";
import { incidentHeading } from "./incidents";
import { Instant, PublicText } from "./state";

/** How many days back the page's past incidents go, day by day. */
export const PAST_DAYS = 14;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Resolved {
	entry: IncidentWithTimeline;
	resolvedAt: number;
	/** Null when a row written by hand holds no readable instant: no duration is said then. */
	openedAt: number | null;
}

/** The resolved incidents of the listed ones, each under the day (in the page's zone) it was resolved. */
function byDay(incidents: readonly IncidentWithTimeline[], timeZone: string): Map<LocalDate, Resolved[]> {
	const days = new Map<LocalDate, Resolved[]>();
	for (const entry of incidents) {
		const resolved = entry.incident.resolvedAt === null ? null : supportedInstant(entry.incident.resolvedAt);
		const opened = supportedInstant(entry.incident.openedAt);
		if (resolved === null) continue;
		const date = zoneWallClock(timeZone, resolved.getTime()).date;
		const list = days.get(date) ?? [];
		list.push({ entry, resolvedAt: resolved.getTime(), openedAt: opened?.getTime() ?? null });
		days.set(date, list);
	}
	for (const list of days.values()) list.sort((a, b) => b.resolvedAt - a.resolvedAt);
	return days;
}

function PastIncident({ resolved, timeZone }: { resolved: Resolved; timeZone: string }) {
	const { entry } = resolved;
	const publicId = publicIncidentId(entry.incident.id);
	const latest = entry.updates[0];
	return (
		<article class="past" aria-labelledby={`${publicId}-past-h`}>
			<h4 id={`${publicId}-past-h`}>
				<a href={incidentPagePath(publicId)}>{incidentHeading(entry)}</a>
			</h4>
			<p class="muted">
				Resolved <Instant iso={entry.incident.resolvedAt ?? ""} timeZone={timeZone} />
				{resolved.openedAt === null ? null : ` after ${formatDuration(resolved.resolvedAt - resolved.openedAt)}`} ·
				Affected: {surfaceName(entry.incident.surfaceId)}
			</p>
			{latest?.publicNote ? (
				<p>
					<PublicText text={latest.publicNote} />
				</p>
			) : null}
		</article>
	);
}

/**
 * The last PAST_DAYS days, newest first, each with the incidents resolved on it or "No incidents
 * reported": what a visitor checks to see whether their trouble yesterday was theirs.
 */
export function PastIncidents({
	incidents,
	timeZone,
	readAt,
	unlisted,
}: {
	incidents: readonly IncidentWithTimeline[];
	timeZone: string;
	readAt: number;
	/** Incidents resolved in the last 30 days that the page's read did not list (it lists a bounded number). */
	unlisted: number;
}) {
	const today = zoneWallClock(timeZone, readAt).date;
	const resolvedOn = byDay(incidents, timeZone);
	const days = Array.from({ length: PAST_DAYS }, (_, age) => addDays(today, -age));
	return (
		<section id="past" data-part aria-labelledby="past-h">
			<h2 id="past-h">Past incidents</h2>
			{days.map((date, age) => {
				const list = resolvedOn.get(date) ?? [];
				return (
					<div class={list.length === 0 ? "day quiet" : "day"}>
						<h3>
							{WEEKDAYS[weekday(date)]} {date}
							{age === 0 ? " (today)" : null}
						</h3>
						{list.length === 0 ? (
							<p>No incidents reported.</p>
						) : (
							list.map((resolved) => <PastIncident resolved={resolved} timeZone={timeZone} />)
						)}
					</div>
				);
			})}
			{unlisted > 0 ? (
				<p class="muted">
					{unlisted} more {unlisted === 1 ? "incident" : "incidents"} resolved in the last 30 days:{" "}
					<a href={PUBLIC_PATHS.incidents}>the incident list</a>.
				</p>
			) : null}
		</section>
	);
}
