import {
	addDurations,
	type DayHistory,
	dailyHistory,
	dayWithoutData,
	noDurations,
	type StateChange,
	type StateDurations,
	uptimeOf,
} from "./daily-history";
import { joinDayParts } from "./day-parts";
import type { HistoryWindow } from "./history-window";
import type { ZoneDay } from "./zone-days";

export interface HistorySurface {
	id: string;
	name: string;
	group: string;
}

/** A folded day of one surface, as the rollup keeps it. */
export interface RolledDay extends DayHistory {
	surfaceId: string;
}

export interface IncidentSpan {
	publicId: string;
	surfaceId: string;
	openedAt: number;
	resolvedAt: number | null;
}

export interface HistoryInput {
	window: HistoryWindow;
	surfaces: readonly HistorySurface[];
	/** Days up to `rolledThrough` come from here (a day with no row had no data)... */
	rolled: readonly RolledDay[];
	/** Where the rollup's rows end (`liveFrom` when absent). */
	rolledThrough?: number;
	/**
	 * ...the time from `rolledThrough` to `liveFrom` was not read (a live tail longer than a read
	 * takes) and has no data...
	 */
	liveFrom: number;
	/** ...and the rest comes from each surface's changes: the last before `liveFrom`, then every one after. */
	changes: ReadonlyMap<string, readonly StateChange[]>;
	incidents: readonly IncidentSpan[];
}

export interface Figures {
	ms: StateDurations;
	uptime: number | null;
}

/**
 * The most incidents one day of one surface lists: the latest opened, oldest first; the rest are
 * counted. A helpdesk can open incidents without a cap, and each is listed on every day it is open.
 */
export const INCIDENTS_PER_DAY = 10;

export interface ReportedDay extends DayHistory {
	uptime: number | null;
	/** Public ids of the incidents open at any time of the day (the latest opened), oldest first. */
	incidents: string[];
	/** How many more incidents were open that day than `incidents` lists. */
	incidentsUnlisted: number;
}

export interface SurfaceHistory extends HistorySurface, Figures {
	days: ReportedDay[];
}

export interface GroupFigures extends Figures {
	group: string;
}

export interface HistoryReport {
	window: HistoryWindow;
	surfaces: SurfaceHistory[];
	groups: GroupFigures[];
	page: Figures;
}

/**
 * An incident is listed on every day its open span [opened, resolved) meets, and at least on the
 * day it opened: one resolved at a day's first instant is not listed on that day.
 */
function incidentsOn(
	day: ZoneDay,
	incidents: readonly IncidentSpan[],
): Pick<ReportedDay, "incidents" | "incidentsUnlisted"> {
	const open = incidents
		.filter(
			(incident) =>
				incident.openedAt < day.end &&
				(incident.openedAt >= day.start || incident.resolvedAt === null || incident.resolvedAt > day.start),
		)
		.map((incident) => incident.publicId);
	const listed = open.slice(-INCIDENTS_PER_DAY);
	return { incidents: listed, incidentsUnlisted: open.length - listed.length };
}

/** Mean of the uptimes that are not null: a surface without data does not count as up or down. */
function meanUptime(figures: readonly Figures[]): number | null {
	const known = figures.map((figure) => figure.uptime).filter((uptime): uptime is number => uptime !== null);
	return known.length === 0 ? null : known.reduce((sum, uptime) => sum + uptime, 0) / known.length;
}

function blend(figures: readonly Figures[]): Figures {
	const ms = figures.reduce((total, figure) => addDurations(total, figure.ms), noDurations());
	return { ms, uptime: meanUptime(figures) };
}

/**
 * A surface's days: those that ended by the rollup's end from the rollup, those that began after
 * `liveFrom` from the live changes, the time between the two (if any) without data, and a day that
 * holds either boundary from its parts, joined.
 */
function surfaceDays(input: HistoryInput, surfaceId: string, rolled: ReadonlyMap<string, DayHistory>): DayHistory[] {
	const { liveFrom } = input;
	const rolledThrough = Math.min(input.rolledThrough ?? liveFrom, liveFrom);
	const rolledPart = (day: ZoneDay) =>
		rolled.get(`${surfaceId}/${day.date}`) ??
		dayWithoutData({ ...day, end: Math.max(day.start, Math.min(day.end, rolledThrough)) });
	const unreadPart = (day: ZoneDay, earlier: DayHistory) => {
		const start = Math.max(day.start, rolledThrough);
		const end = Math.min(day.end, liveFrom);
		return end > start ? joinDayParts(earlier, dayWithoutData({ ...day, start, end })) : earlier;
	};
	const days = input.window.days;
	const liveParts = days
		.filter((day) => day.end > liveFrom || day.start >= liveFrom)
		.map((day) => ({ ...day, start: Math.max(day.start, liveFrom) }));
	const live = dailyHistory(input.changes.get(surfaceId) ?? [], liveParts);
	const firstLive = days.length - live.length;
	return days.map((day, index) => {
		const earlier = day.start < liveFrom ? unreadPart(day, rolledPart(day)) : null;
		if (index < firstLive) return earlier as DayHistory;
		const livePart = live[index - firstLive] as DayHistory;
		return earlier ? joinDayParts(earlier, livePart) : livePart;
	});
}

/**
 * The uptime history of the page (docs/architecture.md, "The uptime history"): every surface day by day and over the
 * window, and the same window figures for each group and for the page. A group's and the page's
 * uptime is the mean of their surfaces' uptimes that are not null.
 */
export function historyReport(input: HistoryInput): HistoryReport {
	const rolled = new Map(input.rolled.map((day) => [`${day.surfaceId}/${day.date}`, day]));
	const incidentsBySurface = Map.groupBy(input.incidents, (incident) => incident.surfaceId);
	const surfaces = input.surfaces.map((surface): SurfaceHistory => {
		const incidents = [...(incidentsBySurface.get(surface.id) ?? [])].sort(
			(a, b) => a.openedAt - b.openedAt || a.publicId.localeCompare(b.publicId),
		);
		const days = surfaceDays(input, surface.id, rolled).map((day, index) =>
			reportedDay(day, incidentsOn(input.window.days[index] as ZoneDay, incidents)),
		);
		return surfaceHistoryOf(surface, days);
	});
	return reportOf(input.window, surfaces);
}

/**
 * The reported days built from each day of the rollup: a reader keeps the rollup's days across
 * reads (they do not change), and a report that lists the same incidents on one hands out the same
 * day, so that what is derived from a day (its JSON) is derived once.
 */
const reportedDays = new WeakMap<DayHistory, ReportedDay>();

function reportedDay(day: DayHistory, listed: Pick<ReportedDay, "incidents" | "incidentsUnlisted">): ReportedDay {
	const known = reportedDays.get(day);
	if (
		known &&
		known.incidentsUnlisted === listed.incidentsUnlisted &&
		known.incidents.length === listed.incidents.length &&
		known.incidents.every((id, index) => id === listed.incidents[index])
	) {
		return known;
	}
	const reported = { ...day, uptime: uptimeOf(day.ms), ...listed };
	reportedDays.set(day, reported);
	return reported;
}

function surfaceHistoryOf(surface: HistorySurface, days: ReportedDay[], ms = totalOf(days)): SurfaceHistory {
	return { id: surface.id, name: surface.name, group: surface.group, ms, uptime: uptimeOf(ms), days };
}

const totalOf = (days: readonly ReportedDay[]) =>
	days.reduce((total, day) => addDurations(total, day.ms), noDurations());

/**
 * Each surface's totals over its last 1, 2, ... days, kept per report (whole milliseconds, so
 * they equal the sums of the days in any order): every cut of one report reads its totals here
 * instead of adding its days up again.
 */
const tailTotals = new WeakMap<readonly ReportedDay[], StateDurations[]>();

function totalOfLast(days: readonly ReportedDay[], dayCount: number): StateDurations {
	let totals = tailTotals.get(days);
	if (!totals) {
		totals = [noDurations()];
		for (const day of [...days].reverse())
			totals.push(addDurations(addDurations(noDurations(), totals.at(-1) as StateDurations), day.ms));
		tailTotals.set(days, totals);
	}
	return { ...(totals[Math.min(dayCount, days.length)] as StateDurations) };
}

function reportOf(window: HistoryWindow, surfaces: SurfaceHistory[]): HistoryReport {
	const byGroup = Map.groupBy(surfaces, (surface) => surface.group);
	const groups = [...byGroup].map(([group, members]) => ({ group, ...blend(members) }));
	return { window, surfaces, groups, page: blend(surfaces) };
}

/**
 * The report of the last `dayCount` days of `report` (of one surface, or of all): each surface's
 * days and figures over them, and the groups' and the page's. A day's figures depend on nothing
 * but its own instants, so this is the report a read of those days alone would build.
 */
export function lastDaysOf(report: HistoryReport, dayCount: number, surfaceId?: string): HistoryReport {
	const days = report.window.days.slice(-dayCount);
	const window = { ...report.window, from: days[0]?.start ?? report.window.to, days };
	const surfaces = report.surfaces
		.filter((surface) => surfaceId === undefined || surface.id === surfaceId)
		.map((surface) => surfaceHistoryOf(surface, surface.days.slice(-dayCount), totalOfLast(surface.days, dayCount)));
	return reportOf(window, surfaces);
}
