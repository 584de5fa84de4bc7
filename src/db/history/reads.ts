import { supportedInstant } from "../../domain/instants";
import type { StateChange } from "../../domain/uptime/daily-history";
import { LIVE_TAIL_ROWS } from "../../domain/uptime/live-tail";
import type { RolledMonth } from "../../domain/uptime/monthly-uptime";
import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import { INCIDENT_COLUMNS_WITH_TITLE, incidentFromRaw, type RawIncidentRow } from "../incidents/rows";
import type { IncidentRow } from "../schema";
import { UPTIME_SQL } from "../uptime/queries";
import { changesFromRaw, type RawChange, type RawLiveBounds, rowsOf } from "../uptime/rows";

// The history page's and the monthly uptime CSV's reads, as text like every public read
// (data-version.ts): each surface's months from the rollup, the live part after it, and the
// incidents opened in each month shown.

/**
 * ?1 zone, ?2 first date, ?3 surface ids, ?4 the day after the last date: the rollup's days summed
 * by surface and month - one range of its primary key (zone, date ..), at most surfaces x months rows.
 */
export const MONTHLY_ROLLUP_SQL = `SELECT surface_id, substr(date, 1, 7) AS month,
	sum(operational_ms) AS operational_ms, sum(degraded_ms) AS degraded_ms, sum(partial_ms) AS partial_ms,
	sum(down_ms) AS down_ms, sum(maintenance_ms) AS maintenance_ms, sum(unknown_ms) AS unknown_ms
	FROM status_uptime_days
	WHERE time_zone = ?1 AND date >= ?2 AND date < ?4 AND surface_id IN (SELECT value FROM json_each(?3))
	GROUP BY surface_id, month`;

/** ?1 from, ?2 until, ?3 the most: the incidents opened in [from, until), the latest first (status_incidents_opened_idx). */
export const INCIDENTS_OPENED_BETWEEN_SQL = `SELECT ${INCIDENT_COLUMNS_WITH_TITLE} FROM status_incidents
	WHERE opened_at >= ?1 AND opened_at < ?2 ORDER BY opened_at DESC, id DESC LIMIT ?3`;

/** ?1 from, ?2 until: how many incidents opened in [from, until), counted on status_incidents_opened_idx. */
export const INCIDENTS_OPENED_COUNT_SQL =
	"SELECT count(*) AS count FROM status_incidents WHERE opened_at >= ?1 AND opened_at < ?2";

/** ?1 an instant: whether any incident opened before it (one index seek). */
export const INCIDENT_OPENED_BEFORE_SQL =
	"SELECT EXISTS (SELECT 1 FROM status_incidents WHERE opened_at < ?1) AS older";

export interface MonthlyUptimeRequest {
	timeZone: string;
	surfaceIds: readonly string[];
	/** The first month's first instant, and now. */
	from: number;
	to: number;
	firstDate: string;
	dayAfterLast: string;
}

export interface MonthlyUptimeRows {
	rolled: RolledMonth[];
	rolledThrough: number;
	liveFrom: number;
	changes: Map<string, StateChange[]>;
}

interface RawRolledMonth {
	surface_id: string;
	month: string;
	operational_ms: number;
	degraded_ms: number;
	partial_ms: number;
	down_ms: number;
	maintenance_ms: number;
	unknown_ms: number;
}

function monthlyUptimeStatements(reader: PublicReader, request: MonthlyUptimeRequest): D1PreparedStatement[] {
	const ids = JSON.stringify(request.surfaceIds);
	const live = [
		new Date(request.from).toISOString(),
		request.timeZone,
		ids,
		new Date(request.to).toISOString(),
		LIVE_TAIL_ROWS,
	];
	return [
		reader.prepare(UPTIME_SQL.liveBounds).bind(...live),
		reader.prepare(MONTHLY_ROLLUP_SQL).bind(request.timeZone, request.firstDate, ids, request.dayAfterLast),
		reader.prepare(UPTIME_SQL.liveStateBefore).bind(...live),
		reader.prepare(UPTIME_SQL.liveChanges).bind(...live),
	];
}

function monthlyUptimeRowsOf(
	results: readonly (D1Result | undefined)[],
	request: MonthlyUptimeRequest,
): MonthlyUptimeRows {
	const [bounds, rolled, before, changes] = results;
	const bound = rowsOf<RawLiveBounds>(bounds)[0];
	const instant = (text: string | null | undefined) => (text ? supportedInstant(text)?.getTime() : undefined);
	const rolledThrough = Math.max(request.from, instant(bound?.rolled_through) ?? request.from);
	const liveFrom = Math.max(rolledThrough, instant(bound?.live_from) ?? rolledThrough);
	return {
		rolledThrough,
		liveFrom,
		rolled: rowsOf<RawRolledMonth>(rolled).map((row) => ({
			surfaceId: row.surface_id,
			month: row.month,
			ms: {
				OPERATIONAL: row.operational_ms,
				DEGRADED: row.degraded_ms,
				PARTIAL: row.partial_ms,
				DOWN: row.down_ms,
				MAINTENANCE: row.maintenance_ms,
				UNKNOWN: row.unknown_ms,
			},
		})),
		changes: changesFromRaw(rowsOf<RawChange>(before), rowsOf<RawChange>(changes), liveFrom),
	};
}

/** Each surface's months (the rollup's sums and the live part after them), with the data version: one round trip. */
export async function readMonthlyUptime(
	reader: PublicReader,
	request: MonthlyUptimeRequest,
): Promise<Versioned<MonthlyUptimeRows>> {
	return readVersioned(reader, monthlyUptimeStatements(reader, request), (results) =>
		monthlyUptimeRowsOf(results, request),
	);
}

/** A month of the incident history: its instants [from, until). */
export interface IncidentMonthRange {
	month: string;
	from: number;
	until: number;
}

export interface IncidentMonthRows {
	month: string;
	/** The latest opened first, at most the limit asked for. */
	incidents: IncidentRow[];
	/** How many opened in the month, listed or not. */
	count: number;
}

export interface HistoryRows {
	uptime: MonthlyUptimeRows;
	months: IncidentMonthRows[];
	/** Whether incidents opened before the first month asked for. */
	older: boolean;
}

/**
 * The history page's rows: the monthly uptime, and for each month asked for its latest `perMonth`
 * incidents and their count, and whether older incidents exist - one round trip.
 */
export async function readHistory(
	reader: PublicReader,
	uptime: MonthlyUptimeRequest,
	months: readonly IncidentMonthRange[],
	perMonth: number,
): Promise<Versioned<HistoryRows>> {
	const iso = (ms: number) => new Date(ms).toISOString();
	const oldest = months.reduce((earliest, month) => Math.min(earliest, month.from), Number.POSITIVE_INFINITY);
	const uptimePart = monthlyUptimeStatements(reader, uptime);
	const monthPart = months.flatMap((month) => [
		reader.prepare(INCIDENTS_OPENED_BETWEEN_SQL).bind(iso(month.from), iso(month.until), perMonth),
		reader.prepare(INCIDENTS_OPENED_COUNT_SQL).bind(iso(month.from), iso(month.until)),
	]);
	return readVersioned(
		reader,
		[...uptimePart, ...monthPart, reader.prepare(INCIDENT_OPENED_BEFORE_SQL).bind(iso(oldest))],
		(results) => ({
			uptime: monthlyUptimeRowsOf(results.slice(0, uptimePart.length), uptime),
			months: months.map((month, index) => {
				const [listed, counted] = results.slice(uptimePart.length + 2 * index);
				return {
					month: month.month,
					incidents: rowsOf<RawIncidentRow>(listed).map(incidentFromRaw),
					count: rowsOf<{ count: number }>(counted)[0]?.count ?? 0,
				};
			}),
			older: (rowsOf<{ older: number }>(results.at(-1))[0]?.older ?? 0) === 1,
		}),
	);
}
