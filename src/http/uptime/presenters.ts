import type { StateDurations } from "../../domain/uptime/daily-history";
import type { Figures, HistoryReport } from "../../domain/uptime/history-report";
import type { UptimeAnswer } from "./schemas";

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

export function toUptimeAnswer(report: HistoryReport): UptimeAnswer {
	const { window } = report;
	const to = new Date(window.to).toISOString();
	return {
		time_zone: window.timeZone,
		from: new Date(window.from).toISOString(),
		to,
		generated_at: to,
		page: toWindowFigures(report.page),
		groups: report.groups.map((group) => ({ group: group.group, ...toWindowFigures(group) })),
		surfaces: report.surfaces.map((surface) => ({
			id: surface.id,
			name: surface.name,
			group: surface.group,
			...toWindowFigures(surface),
			days: surface.days.map((day) => ({
				date: day.date,
				worst: day.worst,
				uptime: day.uptime,
				seconds: toStateSeconds(day.ms),
				incidents: day.incidents,
				incidents_unlisted: day.incidentsUnlisted,
			})),
		})),
	};
}
