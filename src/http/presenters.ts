import type { MaintenanceRow } from "../db/maintenance/rows";
import type { IncidentRow, SurfaceStateRow } from "../db/schema";
import { publicIncidentId, publicUpdateId } from "../domain/incident-id";
import { publicMaintenanceId } from "../domain/maintenance-id";
import type { MarketClock } from "../domain/market/market-clock";
import { formatNewYork, MARKET_TIME_ZONE, minutesToClock } from "../domain/market/new-york-time";
import type { MarketDay } from "../domain/market/nyse-calendar";
import type { StateDurations } from "../domain/uptime/daily-history";
import type { Figures, HistoryReport } from "../domain/uptime/history-report";
import type { IncidentStatus } from "../domain/vocabulary";
import { findSurface } from "../surfaces/registry";
import type { CycleReportEntry } from "../verbs/apply-check-cycle";
import type { TicketEventOutcome } from "../verbs/apply-ticket-event";
import type { IncidentWithTimeline } from "../verbs/list-incidents";
import type { StatusBoard } from "../verbs/list-surfaces";
import type { UptimeAnswer } from "./schemas";

// Shapes of rows on the wire. Public shapes never carry ticket ids, actors or tokens.

export function toInternalSurface(row: SurfaceStateRow) {
	return {
		surface_id: row.surfaceId,
		state: row.state,
		state_since: row.stateSince,
		state_source: row.stateSource,
		ticket_pending: row.ticketPending === 1,
		public_note: row.publicNote,
		last_probe_at: row.lastProbeAt,
		maintenance_until: row.maintenanceUntil,
		updated_at: row.updatedAt,
	};
}

export function toPublicStatusBoard(board: StatusBoard, now: Date) {
	return {
		overall: board.overall,
		surfaces: board.surfaces.map(({ surface, state, row }) => ({
			id: surface.id,
			name: surface.name,
			group: surface.group,
			kind: surface.kind,
			state,
			state_since: row?.stateSince ?? null,
			ticket_pending: row?.ticketPending === 1,
			public_note: row?.publicNote ?? null,
			maintenance_until: row?.maintenanceUntil ?? null,
			updated_at: row?.updatedAt ?? null,
		})),
		generated_at: now.toISOString(),
	};
}

export function toPublicIncident(row: IncidentRow, status: IncidentStatus) {
	return {
		id: publicIncidentId(row.id),
		surface_id: row.surfaceId,
		surface_name: findSurface(row.surfaceId)?.name ?? row.surfaceId,
		severity: row.severity,
		status,
		opened_at: row.openedAt,
		resolved_at: row.resolvedAt,
		public_note: row.publicNote,
	};
}

export function toPublicIncidentWithTimeline({ incident, status, updates }: IncidentWithTimeline) {
	return {
		...toPublicIncident(incident, status),
		updates: updates.map((update) => ({
			id: publicUpdateId(update.incidentId, update.at),
			status: update.status,
			severity: update.severity,
			public_note: update.publicNote,
			at: update.at,
		})),
	};
}

export function toTicketEventAnswer(outcome: TicketEventOutcome) {
	switch (outcome.outcome) {
		case "ignored":
			return { outcome: outcome.outcome, reason: outcome.reason, incident: null, surface: null };
		case "stale":
			return {
				outcome: outcome.outcome,
				reason: outcome.reason,
				incident: toPublicIncident(outcome.incident, outcome.status),
				recorded_in_timeline: outcome.recorded,
				surface: null,
			};
		case "applied":
			return {
				outcome: outcome.outcome,
				incident: toPublicIncident(outcome.incident, outcome.status),
				surface: outcome.surface ? toInternalSurface(outcome.surface) : null,
				surface_changed: outcome.surfaceChanged,
				held_by: outcome.heldBy,
			};
	}
}

function toMarketDay(day: MarketDay) {
	return {
		date: day.date,
		is_trading_day: day.isTradingDay,
		holiday: day.holiday,
		early_close: day.earlyClose,
		regular_open: day.regularOpen === null ? null : minutesToClock(day.regularOpen),
		regular_close: day.regularClose === null ? null : minutesToClock(day.regularClose),
	};
}

export function toMarketTimeAnswer(clock: MarketClock) {
	return {
		timestamp: formatNewYork(clock.at, { milliseconds: true }),
		is_open: clock.isOpen,
		next_open: formatNewYork(clock.nextOpen),
		next_close: formatNewYork(clock.nextClose),
		session: clock.session,
		timezone: MARKET_TIME_ZONE,
		today: toMarketDay(clock.today),
		next_session: toMarketDay(clock.nextSessionDay),
		next_change: formatNewYork(clock.nextChange),
	};
}

/** A trading day as Alpaca's /v2/calendar lists it. */
export function toMarketCalendarEntry(day: MarketDay) {
	return {
		date: day.date,
		open: minutesToClock(day.regularOpen ?? 0),
		close: minutesToClock(day.regularClose ?? 0),
		session_open: minutesToClock(day.sessionOpen ?? 0, ""),
		session_close: minutesToClock(day.sessionClose ?? 0, ""),
	};
}

export function toRunJobsAnswer(report: CycleReportEntry[], now: Date) {
	return {
		ran_at: now.toISOString(),
		surfaces: report.map((entry) => ({
			surface_id: entry.surfaceId,
			job: entry.job,
			saw: entry.saw,
			streak: entry.streak,
			state_before: entry.stateBefore,
			state_after: entry.stateAfter,
			changed: entry.changed,
			held_by: entry.heldBy,
			detail: entry.detail,
		})),
	};
}

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
			})),
		})),
	};
}

export function toPublicMaintenance(row: MaintenanceRow) {
	return {
		id: publicMaintenanceId(row.id),
		title: row.title,
		public_note: row.publicNote,
		surfaces: row.surfaceIds.map((id) => ({ id, name: findSurface(id)?.name ?? id })),
		starts_at: new Date(row.startsAt).toISOString(),
		ends_at: new Date(row.endsAt).toISOString(),
		status: row.status,
		missed: row.missed,
		ended_at: row.endedAt,
	};
}

export function toMaintenanceAnswer(row: MaintenanceRow) {
	return {
		id: publicMaintenanceId(row.id),
		key: row.key,
		title: row.title,
		public_note: row.publicNote,
		surface_ids: [...row.surfaceIds],
		starts_at: new Date(row.startsAt).toISOString(),
		ends_at: new Date(row.endsAt).toISOString(),
		status: row.status,
		missed: row.missed,
		started_at: row.startedAt,
		ended_at: row.endedAt,
	};
}
