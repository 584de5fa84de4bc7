import { publicIncidentId } from "../../domain/incident-id";
import { statusTitle } from "../../domain/page-identity";
import { capitalised, INCIDENT_STATUS_WORDS, severityWords } from "../../domain/state-words";
import { STATE_OF_SEVERITY } from "../../domain/vocabulary";
import { incidentPagePath } from "../../paths";
import { surfaceName } from "../../surfaces/registry";
import { INCIDENT_UPDATES_PER_PAGE, type IncidentTimelinePage } from "../../verbs/list-incidents";
import { olderUpdatesPath } from "../incidents/cursor";
import type { PageAssets } from "./assets";
import { Document, Updated } from "./parts/document";
import { durationBetween, incidentHeading, Timeline } from "./parts/incidents";
import { Instant, StateWord } from "./parts/state";
import { formatDuration } from "./words";

export interface IncidentPageView {
	pageName: string;
	timeZone: string;
	entry: IncidentTimelinePage;
	/** The page's cursor: its updates are older than this (null: the newest). */
	before: string | null;
	assets: PageAssets;
	etag: string;
	readAt: number;
}

/** How long the incident lasted, or has lasted so far: "3 days 2 h 5 min". */
function Duration({ entry, readAt }: { entry: IncidentTimelinePage; readAt: number }) {
	const { openedAt, resolvedAt } = entry.incident;
	const lasted = durationBetween(openedAt, resolvedAt ?? new Date(readAt).toISOString());
	if (lasted === null) return <>unknown</>;
	return <>{resolvedAt === null ? `${formatDuration(Math.max(0, lasted))} so far` : formatDuration(lasted)}</>;
}

/**
 * One incident: its title, where it stands, how long it lasted, the surface it affects with that
 * surface's state now, and its timeline (INCIDENT_UPDATES_PER_PAGE updates a page, newest first).
 */
export function IncidentPage({ pageName, timeZone, entry, before, assets, etag, readAt }: IncidentPageView) {
	const { incident } = entry;
	const publicId = publicIncidentId(incident.id);
	const path = incidentPagePath(publicId);
	const resolved = incident.resolvedAt;
	return (
		<Document
			title={`${incidentHeading(entry)} · ${statusTitle(pageName)}`}
			pageName={pageName}
			etag={etag}
			assets={assets}
			readAt={readAt}
			timeZone={timeZone}
			home={false}
		>
			<article id="incident" data-part class="card" aria-labelledby={`${publicId}-h`}>
				<h1 id={`${publicId}-h`}>{incidentHeading(entry)}</h1>
				<dl class="clock facts">
					<dt>Status</dt>
					<dd>
						<StateWord
							state={resolved === null ? STATE_OF_SEVERITY[incident.severity] : "OPERATIONAL"}
							words={INCIDENT_STATUS_WORDS[entry.status]}
						/>
					</dd>
					<dt>Impact</dt>
					<dd>{capitalised(severityWords(incident.severity))}</dd>
					<dt>Opened</dt>
					<dd>
						<Instant iso={incident.openedAt} timeZone={timeZone} />
					</dd>
					<dt>Resolved</dt>
					<dd>{resolved === null ? "Not yet" : <Instant iso={resolved} timeZone={timeZone} />}</dd>
					<dt>Duration</dt>
					<dd>
						<Duration entry={entry} readAt={readAt} />
					</dd>
				</dl>
				<h2 id="affected-h">Affected surfaces</h2>
				<ul class="plain" aria-labelledby="affected-h">
					<li>
						{surfaceName(incident.surfaceId)}: now <StateWord state={entry.surfaceState?.state ?? "UNKNOWN"} />
					</li>
				</ul>
				<h2 id="timeline-h">Timeline</h2>
				<Timeline entry={entry} timeZone={timeZone} updatesShown={undefined} />
				{before === null && entry.olderBefore === null ? null : (
					<nav class="pages" aria-label="Older and newer updates">
						{entry.olderBefore === null ? null : (
							<a href={olderUpdatesPath(path, entry.olderBefore)} rel="next">
								Older updates ({INCIDENT_UPDATES_PER_PAGE} a page)
							</a>
						)}
						{before === null ? null : (
							<>
								{entry.olderBefore === null ? null : " · "}
								<a href={path}>Newest updates</a>
							</>
						)}
					</nav>
				)}
			</article>
			<Updated readAt={readAt} timeZone={timeZone} />
		</Document>
	);
}
