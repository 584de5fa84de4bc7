import type { MarketClock as Clock } from "../../domain/market/market-clock";
import { statusTitle } from "../../domain/page-identity";
import type { SurfaceHistory } from "../../domain/uptime/history-report";
import type { PageData } from "../../verbs/read-page";
import type { PageAssets } from "./assets";
import { Affected } from "./parts/affected";
import { StateBanner } from "./parts/banner";
import { Document, Updated } from "./parts/document";
import { CARD_UPDATES, IncidentList } from "./parts/incidents";
import { Maintenance } from "./parts/maintenance";
import { MarketClock } from "./parts/market-clock";
import { PastIncidents } from "./parts/past-incidents";
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
	/** Turnstile's site key for the subscribe form's widget; empty: none. */
	turnstileSiteKey: string;
}

/**
 * The status page, in the order a worried visitor asks: is it broken (the banner), what is broken
 * (every surface not operational, whatever said so), what is being done (open incidents, maintenance),
 * then every surface and its days, the market, and the last two weeks.
 */
export function HomePage({ pageName, timeZone, data, clock, assets, etag, readAt, turnstileSiteKey }: HomePageView) {
	const { board, incidents, incidentTotals, maintenances, maintenanceTotals } = data.snapshot;
	const open = incidents.filter((entry) => entry.incident.resolvedAt === null);
	const resolved = incidents.filter((entry) => entry.incident.resolvedAt !== null);
	// As the overall status does, the banner counts what is known to be wrong; the list under it also
	// names the surfaces whose state is unknown.
	const affected = board.surfaces.filter(
		(status) => status.state !== "OPERATIONAL" && status.state !== "UNKNOWN",
	).length;
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
			<StateBanner
				state={board.overall.state}
				text={board.overall.description}
				affected={affected}
				total={board.surfaces.length}
			/>
			<div class="meta">
				<Updated readAt={readAt} timeZone={timeZone} />
				<SubscribeLink />
			</div>
			<Affected surfaces={board.surfaces} timeZone={timeZone} readAt={readAt} />
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
			<Surfaces surfaces={board.surfaces} histories={histories} />
			<PastIncidents incidents={resolved} timeZone={timeZone} readAt={readAt} resolvedTotal={incidentTotals.resolved} />
			<MarketClock clock={clock} />
			<SubscribeForm turnstileSiteKey={turnstileSiteKey} />
		</Document>
	);
}
