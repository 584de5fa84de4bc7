import { publicIncidentId } from "../../../domain/incident-id";
import { supportedInstant } from "../../../domain/instants";
import { INCIDENT_STATUS_WORDS } from "../../../domain/state-words";
import { STATE_OF_SEVERITY } from "../../../domain/vocabulary";
import { incidentPagePath, PUBLIC_PATHS } from "../../../paths";
import { incidentName } from "../../../surfaces/incident-title";
import type { IncidentWithTimeline } from "../../../verbs/list-incidents";
import { formatDuration } from "../words";
import { Instant, PublicText, StateWord } from "./state";

/** The most incidents each of the page's lists (open, resolved lately) shows; the rest are counted, with a link to the list. */
export const PAGE_INCIDENTS = 10;

/**
 * The most updates an open incident's card on the home page shows, newest first; the rest are on
 * the incident's own page. Ten open incidents of 50 long updates each would be 200 KB of page.
 */
export const CARD_UPDATES = 3;

/** What an incident is about, as its heading says it: its title. */
export function incidentHeading({ incident }: IncidentWithTimeline): string {
	return incidentName(incident);
}

/** How long from one stored instant to another; null if either is outside the supported range. */
export function durationBetween(fromIso: string, toIso: string): number | null {
	const [from, to] = [supportedInstant(fromIso), supportedInstant(toIso)];
	return from === null || to === null ? null : to.getTime() - from.getTime();
}

export function Timeline({
	entry,
	timeZone,
	updatesShown,
}: {
	entry: IncidentWithTimeline;
	timeZone: string;
	updatesShown: number | undefined;
}) {
	const updates = entry.updates.slice(0, updatesShown);
	return (
		<ol class="plain timeline" aria-label={updatesShown === 1 ? "Latest update" : "Updates, newest first"}>
			{updates.map((update) => (
				<li>
					<p>
						<strong>{INCIDENT_STATUS_WORDS[update.status]}</strong>
						{" · "}
						<Instant iso={update.at} timeZone={timeZone} />
					</p>
					{update.publicNote ? (
						<p>
							<PublicText text={update.publicNote} />
						</p>
					) : null}
				</li>
			))}
		</ol>
	);
}

interface IncidentProps {
	entry: IncidentWithTimeline;
	timeZone: string;
	/** The heading level: 3 in the page's lists, 1 on the incident's own page. */
	level: 1 | 3;
	/** Only the newest updates, this many (the incident's own page pages through them all). */
	updatesShown?: number;
}

/** One incident: what it is about, where it stands, when, and its timeline. */
export function Incident({ entry, timeZone, level, updatesShown }: IncidentProps) {
	const { incident } = entry;
	const publicId = publicIncidentId(incident.id);
	const title = incidentHeading(entry);
	const heading =
		level === 1 ? (
			<h1 id={`${publicId}-h`}>{title}</h1>
		) : (
			<h3 id={`${publicId}-h`}>
				<a href={incidentPagePath(publicId)}>{title}</a>
			</h3>
		);
	const resolved = incident.resolvedAt;
	const lasted = resolved === null ? null : durationBetween(incident.openedAt, resolved);
	return (
		<article class="card" aria-labelledby={`${publicId}-h`}>
			{heading}
			<p>
				<StateWord
					state={resolved === null ? STATE_OF_SEVERITY[incident.severity] : "OPERATIONAL"}
					words={INCIDENT_STATUS_WORDS[entry.status]}
				/>{" "}
				<span class="muted">
					Opened <Instant iso={incident.openedAt} timeZone={timeZone} />
					{resolved === null ? null : (
						<>
							, resolved <Instant iso={resolved} timeZone={timeZone} />
							{lasted === null ? null : ` after ${formatDuration(lasted)}`}
						</>
					)}
				</span>
			</p>
			<Timeline entry={entry} timeZone={timeZone} updatesShown={updatesShown} />
			{updatesShown !== undefined && entry.updates.length > updatesShown ? (
				<p class="muted">
					<a href={incidentPagePath(publicId)}>Earlier updates</a> are on the incident's page.
				</p>
			) : null}
		</article>
	);
}

interface IncidentListProps {
	id: string;
	heading: string;
	empty: string;
	incidents: readonly IncidentWithTimeline[];
	/** How many incidents of this kind there are, listed or not. */
	total: number;
	/** What the incidents of this kind are called, for the count of those not shown ("open", "resolved"). */
	kind: string;
	timeZone: string;
	/** The newest updates each card shows. */
	updatesShown: number;
}

/**
 * A section of incidents (open ones, or those resolved lately): the first PAGE_INCIDENTS of them,
 * then how many more there are and where to read them; or a sentence saying there are none.
 */
export function IncidentList({
	id,
	heading,
	empty,
	incidents,
	total,
	kind,
	timeZone,
	updatesShown,
}: IncidentListProps) {
	const shown = incidents.slice(0, PAGE_INCIDENTS);
	const more = Math.max(0, total - shown.length);
	return (
		<section id={id} data-part aria-labelledby={`${id}-h`}>
			<h2 id={`${id}-h`}>{heading}</h2>
			{shown.length === 0 && more === 0 ? (
				<p class="muted">{empty}</p>
			) : (
				shown.map((entry) => <Incident entry={entry} timeZone={timeZone} level={3} updatesShown={updatesShown} />)
			)}
			{more > 0 ? (
				<p class="muted">
					{more} more {kind} {more === 1 ? "incident" : "incidents"}:{" "}
					<a href={PUBLIC_PATHS.incidents}>the incident list</a>.
				</p>
			) : null}
		</section>
	);
}
