import { publicIncidentId } from "../../../domain/incident-id";
import { supportedInstant } from "../../../domain/instants";
import { addDays, type LocalDate, weekday } from "../../../domain/market/local-date";
import { zoneWallClock } from "../../../domain/time-zone";
import { incidentPagePath, PUBLIC_PATHS } from "../../../paths";
import { surfaceName } from "../../../surfaces/registry";
import { type IncidentWithTimeline, incidentsSince } from "../../../verbs/list-incidents";
import { formatDuration } from "../words";
import { incidentHeading, PAGE_INCIDENTS } from "./incidents";
import { Instant, PublicText } from "./state";

/** How many days back the page's past incidents go, day by day. */
export const PAST_DAYS = 14;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Resolved {
	entry: IncidentWithTimeline;
	resolvedAt: number;
	/** The day it was resolved, in the page's zone. */
	date: LocalDate;
	/** Null when a row written by hand holds no readable instant: no duration is said then. */
	openedAt: number | null;
}

/** The resolved incidents of the listed ones, newest resolved first, each with its day in the page's zone. */
function resolvedNewestFirst(incidents: readonly IncidentWithTimeline[], timeZone: string): Resolved[] {
	const resolved: Resolved[] = [];
	for (const entry of incidents) {
		const at = entry.incident.resolvedAt === null ? null : supportedInstant(entry.incident.resolvedAt);
		if (at === null) continue;
		const opened = supportedInstant(entry.incident.openedAt);
		resolved.push({
			entry,
			resolvedAt: at.getTime(),
			openedAt: opened?.getTime() ?? null,
			date: zoneWallClock(timeZone, at.getTime()).date,
		});
	}
	return resolved.sort((a, b) => b.resolvedAt - a.resolvedAt);
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

/** How the page knows the days it shows: the incidents resolved on them, and whether it knows them all. */
function pastDays(incidents: readonly IncidentWithTimeline[], timeZone: string, readAt: number, resolvedTotal: number) {
	const today = zoneWallClock(timeZone, readAt).date;
	const days = Array.from({ length: PAST_DAYS }, (_, age) => addDays(today, -age));
	const oldest = days.at(-1) ?? today;
	const resolved = resolvedNewestFirst(incidents, timeZone);
	const inWindow = resolved.filter((entry) => entry.date >= oldest);
	const shown = inWindow.slice(0, PAGE_INCIDENTS);
	const since = Date.parse(incidentsSince(new Date(readAt)));
	const listedRecent = resolved.filter((entry) => entry.resolvedAt >= since).length;
	// An incident the page does not show was resolved before every one it shows: the days up to the
	// oldest shown (or listed) may hold it, the later ones are complete.
	const completeAfter =
		inWindow.length > shown.length
			? (shown.at(-1)?.date ?? today)
			: resolvedTotal > listedRecent
				? (resolved.at(-1)?.date ?? today)
				: null;
	return { days, shown, completeAfter, more: Math.max(0, resolvedTotal - shown.length) };
}

/**
 * The last PAST_DAYS days, newest first, each with the incidents resolved on it (the newest
 * PAGE_INCIDENTS of them in all) or "No incidents reported": what a visitor checks to see whether
 * their trouble yesterday was theirs. A day that may hold an incident not shown here says where to
 * read it rather than that there was none.
 */
export function PastIncidents({
	incidents,
	timeZone,
	readAt,
	resolvedTotal,
}: {
	incidents: readonly IncidentWithTimeline[];
	timeZone: string;
	readAt: number;
	/** How many incidents were resolved in the last 30 days, listed or not. */
	resolvedTotal: number;
}) {
	const { days, shown, completeAfter, more } = pastDays(incidents, timeZone, readAt, resolvedTotal);
	return (
		<section id="past" data-part aria-labelledby="past-h">
			<h2 id="past-h">Past incidents</h2>
			{days.map((date, age) => {
				const list = shown.filter((entry) => entry.date === date);
				const partial = completeAfter !== null && date <= completeAfter;
				return (
					<div class={list.length === 0 ? "day quiet" : "day"}>
						<h3>
							{WEEKDAYS[weekday(date)]} {date}
							{age === 0 ? " (today)" : null}
						</h3>
						{list.map((entry) => (
							<PastIncident resolved={entry} timeZone={timeZone} />
						))}
						{partial ? (
							<p>
								{list.length === 0 ? "Not shown here: " : "More not shown here: "}
								<a href={PUBLIC_PATHS.incidents}>the incident list</a>.
							</p>
						) : list.length === 0 ? (
							<p>No incidents reported.</p>
						) : null}
					</div>
				);
			})}
			{more > 0 ? (
				<p class="muted">
					{more} more {more === 1 ? "incident" : "incidents"} resolved in the last 30 days:{" "}
					<a href={PUBLIC_PATHS.incidents}>the incident list</a>.
				</p>
			) : null}
		</section>
	);
}
