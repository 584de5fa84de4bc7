import type { MarketClock as Clock } from "../../domain/market/market-clock";
import { statusTitle } from "../../domain/page-identity";
import type { SurfaceHistory } from "../../domain/uptime/history-report";
import { incidentsSince } from "../../verbs/list-incidents";
import type { PageData } from "../../verbs/read-page";
import type { PageAssets } from "./assets";
import { StateBanner } from "./parts/banner";
import { Document, Updated } from "./parts/document";
import { CARD_UPDATES, IncidentList } from "./parts/incidents";
import { Maintenance } from "./parts/maintenance";
import { MarketClock } from "./parts/market-clock";
import { SubscribeForm, SubscribeLink } from "./parts/subscribe";
import { Surfaces } from "./parts/surfaces";

export interface HomePageView {
	pageName: string;
	timeZone: string;
	data: PageData;
	clock: Clock;
	assets: PageAssets;
	etag: string;
	/** When the data was read (epoch ms). */
	readAt: number;
}

/** The status page: the overall state, open incidents, maintenance, every surface, the market, the last 30 days. */
export function HomePage({ pageName, timeZone, data, clock, assets, etag, readAt }: HomePageView) {
	const { board, incidents, incidentTotals, maintenances, maintenanceTotals } = data.snapshot;
	const since = incidentsSince(new Date(readAt));
	const open = incidents.filter((entry) => entry.incident.resolvedAt === null);
	const resolved = incidents.filter(
		(entry) => entry.incident.resolvedAt !== null && entry.incident.resolvedAt >= since,
	);
	const histories = new Map<string, SurfaceHistory>(data.history.surfaces.map((history) => [history.id, history]));
	return (
		<Document
			title={statusTitle(pageName)}
			pageName={pageName}
			etag={etag}
			assets={assets}
			readAt={readAt}
			timeZone={timeZone}
			home
		>
			<h1>{statusTitle(pageName)}</h1>
			<StateBanner state={board.overall.state} text={board.overall.description} />
			<Updated readAt={readAt} timeZone={timeZone} />
			<SubscribeLink />
			<IncidentList
				id="open"
				heading="Open incidents"
				empty="No open incidents."
				incidents={open}
				total={incidentTotals.open}
				kind="open"
				timeZone={timeZone}
				updatesShown={CARD_UPDATES}
			/>
			<Maintenance windows={maintenances} totals={maintenanceTotals} timeZone={timeZone} />
			<Surfaces surfaces={board.surfaces} histories={histories} timeZone={timeZone} />
			<MarketClock clock={clock} />
			<IncidentList
				id="resolved"
				heading="Resolved in the last 30 days"
				empty="No incidents in the last 30 days."
				incidents={resolved}
				total={incidentTotals.resolved}
				kind="resolved"
				timeZone={timeZone}
				updatesShown={1}
			/>
			<SubscribeForm />
		</Document>
	);
}
