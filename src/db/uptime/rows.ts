import { publicIncidentId } from "../../domain/incident-id";
import { supportedInstant } from "../../domain/instants";
import type { StateChange } from "../../domain/uptime/daily-history";
import type { IncidentSpan, RolledDay } from "../../domain/uptime/history-report";
import type { RawRow, statusAuditLog, statusIncidents, statusUptimeDays, statusUptimeFold } from "../schema";

export type RawFold = RawRow<typeof statusUptimeFold>;

/** A history read's bounds: where the rollup ends and where the live rows it read begin. */
export interface RawLiveBounds {
	rolled_through: string | null;
	live_from: string | null;
	/** The zone's fold point and rollup, as the read saw them (NULL: no rollup yet). */
	folded_through: string | null;
	rollup_id: string | null;
}

export type RawRolledDay = Omit<RawRow<typeof statusUptimeDays>, "time_zone">;

/** An audit row's change (new_state is NULL for a surface with no audit row before the instant). */
type RawAuditRow = RawRow<typeof statusAuditLog>;
export type RawChange = Pick<RawAuditRow, "surface_id"> &
	Partial<Pick<RawAuditRow, "created_at">> & { new_state: RawAuditRow["new_state"] | null };

export type RawIncidentSpan = Pick<RawRow<typeof statusIncidents>, "id" | "surface_id" | "opened_at" | "resolved_at">;

export const rowsOf = <T>(result: D1Result | undefined): T[] => (result?.results ?? []) as T[];

export function rolledFromRaw(row: RawRolledDay): RolledDay {
	return {
		surfaceId: row.surface_id,
		date: row.date,
		worst: row.worst,
		ms: {
			OPERATIONAL: row.operational_ms,
			DEGRADED: row.degraded_ms,
			PARTIAL: row.partial_ms,
			DOWN: row.down_ms,
			MAINTENANCE: row.maintenance_ms,
			UNKNOWN: row.unknown_ms,
		},
	};
}

/**
 * Each surface's changes: the state it held before `since` (as a change at `since`), then its audit
 * rows in order. A row whose created_at is no supported instant (only a hand-written row could be
 * one) is left out rather than guessed at.
 */
export function changesFromRaw(before: RawChange[], rows: RawChange[], since: number): Map<string, StateChange[]> {
	const changes = new Map<string, StateChange[]>();
	const listOf = (surfaceId: string) => {
		const list = changes.get(surfaceId) ?? [];
		changes.set(surfaceId, list);
		return list;
	};
	for (const row of before) if (row.new_state) listOf(row.surface_id).push({ at: since, state: row.new_state });
	for (const row of rows) {
		const at = row.created_at ? supportedInstant(row.created_at) : null;
		if (at && row.new_state) listOf(row.surface_id).push({ at: at.getTime(), state: row.new_state });
	}
	return changes;
}

export function spanFromRaw(row: RawIncidentSpan): IncidentSpan | null {
	const opened = supportedInstant(row.opened_at);
	if (!opened) return null;
	return {
		publicId: publicIncidentId(row.id),
		surfaceId: row.surface_id,
		openedAt: opened.getTime(),
		resolvedAt: row.resolved_at === null ? null : (supportedInstant(row.resolved_at)?.getTime() ?? null),
	};
}
