import { publicIncidentId } from "../../domain/incident-id";
import { statusTitle } from "../../domain/page-identity";
import { capitalised, STATE_WORDS, severityWords } from "../../domain/state-words";
import { PARTIAL_OUTAGE_WEIGHT } from "../../domain/uptime/daily-history";
import type { MonthFigures } from "../../domain/uptime/monthly-uptime";
import { incidentPagePath, PAGE_PATHS, PUBLIC_PATHS } from "../../paths";
import { incidentName } from "../../surfaces/incident-title";
import { surfaceName } from "../../surfaces/registry";
import type { HistoryPage, IncidentMonth } from "../../verbs/read-history";
import type { PageAssets } from "./assets";
import { Document, Updated } from "./parts/document";
import { durationBetween } from "./parts/incidents";
import { Instant } from "./parts/state";
import { formatDuration, formatPercent } from "./words";

export interface HistoryView {
	pageName: string;
	timeZone: string;
	history: HistoryPage;
	/** The page's cursor: its months are before this one (null: up to the current month). */
	before: string | null;
	assets: PageAssets;
	etag: string;
	readAt: number;
}

const MONTH_NAMES = [
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
];

/** "November 2026", or "Nov 2026" (`short`), from "2026-11". */
export function monthName(month: string, short = false): string {
	const name = MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month;
	return `${short ? name.slice(0, 3) : name} ${month.slice(0, 4)}`;
}

/** How the figures are computed, in words: exactly what uptimeOf (domain/uptime/daily-history.ts) does. */
export function UptimeMethod({ timeZone }: { timeZone: string }) {
	return (
		<>
			<p>
				Uptime = 1 − ({capitalised(STATE_WORDS.DOWN)} time + {PARTIAL_OUTAGE_WEIGHT} × {STATE_WORDS.PARTIAL} time) ÷
				time in a known state other than maintenance.
			</p>
			<ul>
				<li>{capitalised(STATE_WORDS.DOWN)} counts as down for all of its time.</li>
				<li>
					{capitalised(STATE_WORDS.PARTIAL)} counts as down for {PARTIAL_OUTAGE_WEIGHT * 100} % of its time (weight{" "}
					{PARTIAL_OUTAGE_WEIGHT}).
				</li>
				<li>{capitalised(STATE_WORDS.DEGRADED)} counts as up.</li>
				<li>Maintenance and time without data are left out: they count neither as up nor as down.</li>
			</ul>
			<p>
				Months are calendar months of {timeZone}; the current month runs to now. A figure marked * covers only part of
				its month (the rest has no data); “no data” means none at all. Figures are cut, not rounded, to two decimals.
			</p>
		</>
	);
}

function MonthCell({ figures }: { figures: MonthFigures }) {
	if (figures.uptime === null) return <td class="muted">no data</td>;
	return (
		<td>
			{formatPercent(figures.uptime)} %
			{figures.partialData ? (
				<>
					*<span class="vh"> (part of the month has no data)</span>
				</>
			) : null}
		</td>
	);
}

function UptimeTable({ history }: { history: HistoryPage }) {
	const months = [...history.uptime.months].reverse();
	return (
		// A region of its own that scrolls sideways on a narrow screen, focusable so keys can scroll it.
		<section class="scroll" aria-labelledby="uptime-caption" tabindex={0}>
			<table class="figures">
				<caption id="uptime-caption">Uptime per surface and month, newest month first</caption>
				<thead>
					<tr>
						<th scope="col">Surface</th>
						{months.map((month) => (
							<th scope="col">
								<abbr title={monthName(month.month)}>{monthName(month.month, true)}</abbr>
							</th>
						))}
					</tr>
				</thead>
				<tbody>
					{history.uptime.surfaces.map((surface) => (
						<tr>
							<th scope="row">{surface.name}</th>
							{[...surface.months].reverse().map((figures) => (
								<MonthCell figures={figures} />
							))}
						</tr>
					))}
				</tbody>
			</table>
		</section>
	);
}

function MonthOfIncidents({ month, timeZone }: { month: IncidentMonth; timeZone: string }) {
	const id = `m${month.month}`;
	const more = month.count - month.incidents.length;
	return (
		<section aria-labelledby={`${id}-h`}>
			<h3 id={`${id}-h`}>
				{monthName(month.month)}{" "}
				<span class="muted">
					({month.count} {month.count === 1 ? "incident" : "incidents"})
				</span>
			</h3>
			{month.incidents.length === 0 ? (
				<p class="muted">No incidents reported.</p>
			) : (
				<ul class="plain">
					{month.incidents.map((incident) => {
						const lasted =
							incident.resolvedAt === null ? null : durationBetween(incident.openedAt, incident.resolvedAt);
						return (
							<li class="card">
								<h4>
									<a href={incidentPagePath(publicIncidentId(incident.id))}>{incidentName(incident)}</a>
								</h4>
								<p class="muted note">
									{surfaceName(incident.surfaceId)} · {capitalised(severityWords(incident.severity))} · opened{" "}
									<Instant iso={incident.openedAt} timeZone={timeZone} />
									{incident.resolvedAt === null
										? " · ongoing"
										: lasted === null
											? " · resolved"
											: ` · lasted ${formatDuration(lasted)}`}
								</p>
							</li>
						);
					})}
				</ul>
			)}
			{more > 0 ? (
				<p class="muted">
					{more} more {more === 1 ? "incident" : "incidents"} this month are in the{" "}
					<a href={PUBLIC_PATHS.incidents}>incident list</a>.
				</p>
			) : null}
		</section>
	);
}

/**
 * The history: each surface's uptime per month over the last twelve months with how it is
 * computed, and the incidents month by month, newest first, a few months a page.
 */
export function HistoryDocument({ pageName, timeZone, history, before, assets, etag, readAt }: HistoryView) {
	return (
		<Document
			title={`History · ${statusTitle(pageName)}`}
			pageName={pageName}
			etag={etag}
			assets={assets}
			readAt={readAt}
			timeZone={timeZone}
			home={false}
		>
			<h1>History</h1>
			<section id="uptime-months" data-part aria-labelledby="uptime-months-h">
				<h2 id="uptime-months-h">Uptime by month</h2>
				<UptimeTable history={history} />
				<h3>How uptime is computed</h3>
				<UptimeMethod timeZone={timeZone} />
				<p>
					The same figures as CSV: <a href={PUBLIC_PATHS.uptimeCsv}>uptime.csv</a>.
				</p>
			</section>
			<section id="incident-months" data-part aria-labelledby="incident-months-h">
				<h2 id="incident-months-h">Incidents by month</h2>
				{history.incidentMonths.map((month) => (
					<MonthOfIncidents month={month} timeZone={timeZone} />
				))}
				{before === null && history.olderBefore === null ? null : (
					<nav class="pages" aria-label="Older and newer months">
						{history.olderBefore === null ? null : (
							<a href={`${PAGE_PATHS.history}?before=${history.olderBefore}`} rel="next">
								Older months
							</a>
						)}
						{before === null ? null : (
							<>
								{history.olderBefore === null ? null : " · "}
								<a href={PAGE_PATHS.history}>Newest months</a>
							</>
						)}
					</nav>
				)}
			</section>
			<Updated readAt={readAt} timeZone={timeZone} />
		</Document>
	);
}
