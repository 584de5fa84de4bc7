import { statusTitle } from "../../domain/page-identity";
import type { IncidentWithTimeline } from "../../verbs/list-incidents";
import type { PageAssets } from "./assets";
import { Document, Updated } from "./parts/document";
import { Incident, incidentHeading } from "./parts/incidents";

export interface IncidentPageView {
	pageName: string;
	timeZone: string;
	entry: IncidentWithTimeline;
	assets: PageAssets;
	etag: string;
	readAt: number;
}

/** One incident with its whole timeline. */
export function IncidentPage({ pageName, timeZone, entry, assets, etag, readAt }: IncidentPageView) {
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
			</div>
			<Updated readAt={readAt} timeZone={timeZone} />
		</Document>
	);
}
