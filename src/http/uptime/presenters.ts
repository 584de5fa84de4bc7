import type { StateDurations } from "../../domain/uptime/daily-history";
import type { Figures, HistoryReport, ReportedDay, SurfaceHistory } from "../../domain/uptime/history-report";
import type { UptimeAnswer } from "./schemas";

type UptimeDay = UptimeAnswer["surfaces"][number]["days"][number];

/** Milliseconds as seconds; exact to the millisecond (a sum of whole milliseconds, divided once). */
function toStateSeconds(ms: StateDurations): StateDurations {
	return {
		OPERATIONAL: ms.OPERATIONAL / 1000,
		DEGRADED: ms.DEGRADED / 1000,
		PARTIAL: ms.PARTIAL / 1000,
		DOWN: ms.DOWN / 1000,
		MAINTENANCE: ms.MAINTENANCE / 1000,
		UNKNOWN: ms.UNKNOWN / 1000,
	};
}

const toWindowFigures = (figures: Figures) => ({ uptime: figures.uptime, seconds: toStateSeconds(figures.ms) });

/** An answer's day: the same for every answer whose window holds it. */
export const toDayAnswer = (day: ReportedDay): UptimeDay => ({
	date: day.date,
	worst: day.worst,
	uptime: day.uptime,
	seconds: toStateSeconds(day.ms),
	incidents: day.incidents,
	incidents_unlisted: day.incidentsUnlisted,
});

/** A surface's part of an answer before its days. */
const toSurfaceHead = (surface: SurfaceHistory) => ({
	id: surface.id,
	name: surface.name,
	group: surface.group,
	...toWindowFigures(surface),
});

/** An answer's fields before its surfaces. */
function toAnswerHead(report: HistoryReport) {
	const { window } = report;
	const to = new Date(window.to).toISOString();
	return {
		time_zone: window.timeZone,
		from: new Date(window.from).toISOString(),
		to,
		generated_at: to,
		page: toWindowFigures(report.page),
		groups: report.groups.map((group) => ({ group: group.group, ...toWindowFigures(group) })),
	};
}

export function toUptimeAnswer(report: HistoryReport): UptimeAnswer {
	return {
		...toAnswerHead(report),
		surfaces: report.surfaces.map((surface) => ({ ...toSurfaceHead(surface), days: surface.days.map(toDayAnswer) })),
	};
}

/** Each day's JSON, written once: the answers cut from one shared report hold the same day objects. */
const dayTexts = new WeakMap<ReportedDay, string>();

function dayText(day: ReportedDay): string {
	let text = dayTexts.get(day);
	if (text === undefined) {
		text = JSON.stringify(toDayAnswer(day));
		dayTexts.set(day, text);
	}
	return text;
}

/** An object's JSON without its closing brace, to append more members to. */
const openObject = (value: object) => JSON.stringify(value).slice(0, -1);

/**
 * JSON.stringify(toUptimeAnswer(report)), byte for byte, with each day's JSON written once for
 * every answer that holds it: the 90 `days` variants of one report join their days instead of
 * writing 4,095 surface-days each anew.
 */
export function uptimeAnswerText(report: HistoryReport): string {
	const surfaces = report.surfaces.map(
		(surface) => `${openObject(toSurfaceHead(surface))},"days":[${surface.days.map(dayText).join(",")}]}`,
	);
	return `${openObject(toAnswerHead(report))},"surfaces":[${surfaces.join(",")}]}`;
}
