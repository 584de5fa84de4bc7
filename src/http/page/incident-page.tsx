import { publicIncidentId } from "../../domain/incident-id";
import { statusTitle } from "../../domain/page-identity";
import { incidentPagePath } from "../../paths";
import { INCIDENT_UPDATES_PER_PAGE, type IncidentTimelinePage } from "../../verbs/list-incidents";
import { olderUpdatesPath } from "../incidents/cursor";
import type { PageAssets } from "./assets";
import { Document, Updated } from "./parts/document";
import { Incident, incidentHeading } from "./parts/incidents";

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

/** One incident with a page of its timeline (INCIDENT_UPDATES_PER_PAGE updates), and links to the others. */
export function IncidentPage({ pageName, timeZone, entry, before, assets, etag, readAt }: IncidentPageView) {
	const path = incidentPagePath(publicIncidentId(entry.incident.id));
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
			<div id="incident" data-part>
				<Incident entry={entry} timeZone={timeZone} level={1} />
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
			</div>
			<Updated readAt={readAt} timeZone={timeZone} />
		</Document>
	);
}
