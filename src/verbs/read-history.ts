import type { PublicReader } from "../db/data-version";
import { type IncidentMonthRows, type MonthlyUptimeRequest, readHistory, readMonthlyUptime } from "../db/history/reads";
import { roundTrip } from "../db/round-trip";
import {
	lastMonths,
	MAX_UPTIME_MONTHS,
	type MonthlyUptimeInput,
	monthAt,
	monthlyUptime,
	monthsUpTo,
	type SurfaceMonths,
	type ZoneMonth,
} from "../domain/uptime/monthly-uptime";
import { SURFACES } from "../surfaces/registry";

/** How many months of incidents one page of the history shows, newest first. */
export const INCIDENT_MONTHS_PER_PAGE = 3;

/** The most incidents a month of the history lists (the latest opened); the rest are counted. */
export const INCIDENTS_PER_MONTH = 50;

export interface MonthlyUptimeReport {
	/** Oldest first. */
	months: ZoneMonth[];
	surfaces: SurfaceMonths[];
}

const surfaces = () => SURFACES.map(({ id, name, group }) => ({ id, name, group }));

function uptimeRequest(timeZone: string, months: readonly ZoneMonth[], now: number): MonthlyUptimeRequest {
	return {
		timeZone,
		surfaceIds: SURFACES.map((surface) => surface.id),
		from: months[0]?.start ?? now,
		to: now,
		firstDate: months[0]?.firstDate ?? "",
		dayAfterLast: months.at(-1)?.nextFirstDate ?? "",
	};
}

const reportOf = (
	timeZone: string,
	months: ZoneMonth[],
	rows: Omit<MonthlyUptimeInput, "timeZone" | "months" | "surfaces">,
): MonthlyUptimeReport => ({ months, surfaces: monthlyUptime({ timeZone, months, surfaces: surfaces(), ...rows }) });

/** Each surface's uptime in each of the last `count` months of the page's zone: one round trip. */
export async function readMonthlyUptimeReport(
	reader: PublicReader,
	timeZone: string,
	count: number,
	now: Date,
): Promise<{ version: number; report: MonthlyUptimeReport }> {
	const months = lastMonths(timeZone, count, now.getTime());
	const { version, rows } = await roundTrip(() =>
		readMonthlyUptime(reader, uptimeRequest(timeZone, months, now.getTime())),
	);
	return { version, report: reportOf(timeZone, months, rows) };
}

export interface IncidentMonth extends IncidentMonthRows {
	/** The month's instants in the page's zone. */
	start: number;
}

export interface HistoryPage {
	version: number;
	uptime: MonthlyUptimeReport;
	/** Newest first. */
	incidentMonths: IncidentMonth[];
	/** The cursor of the next page (older months), if incidents opened before this page's months. */
	olderBefore: string | null;
}

/** Whether `before` ("2026-11") names a month the history can page from: not after the current one. */
export const isHistoryCursor = (timeZone: string, before: string, now: Date): boolean =>
	/^\d{4}-(0[1-9]|1[0-2])$/.test(before) && before >= "1971-01" && before <= monthAt(timeZone, now.getTime());

/**
 * The history page: every surface's uptime over the last MAX_UPTIME_MONTHS months, and the
 * incidents of INCIDENT_MONTHS_PER_PAGE months (those before `before`, or up to the current one),
 * newest first, each month's count with them - one round trip.
 */
export async function readHistoryPage(
	reader: PublicReader,
	timeZone: string,
	before: string | null,
	now: Date,
): Promise<HistoryPage> {
	const uptimeMonths = lastMonths(timeZone, MAX_UPTIME_MONTHS, now.getTime());
	const incidentMonths = monthsUpTo(timeZone, before, INCIDENT_MONTHS_PER_PAGE, now.getTime());
	// Incidents are listed by when they opened, over the whole month.
	const ranges = incidentMonths.map((month) => ({ month: month.month, from: month.start, until: month.until }));
	const { version, rows } = await roundTrip(() =>
		readHistory(reader, uptimeRequest(timeZone, uptimeMonths, now.getTime()), ranges, INCIDENTS_PER_MONTH),
	);
	const oldest = incidentMonths[0];
	return {
		version,
		uptime: reportOf(timeZone, uptimeMonths, rows.uptime),
		incidentMonths: rows.months
			.map((month, index) => ({ ...month, start: incidentMonths[index]?.start ?? 0 }))
			.reverse(),
		olderBefore: rows.older && oldest ? oldest.month : null,
	};
}
