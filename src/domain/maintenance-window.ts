import { DomainError } from "./errors";
import type { MaintenanceStatus } from "./vocabulary";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest window ops may announce, in days. */
export const MAX_WINDOW_DAYS = 7;
export const MAX_WINDOW_MS = MAX_WINDOW_DAYS * DAY_MS;
/** How far ahead a window may start, in days. */
export const MAX_LEAD_DAYS = 366;
export const MAX_LEAD_MS = MAX_LEAD_DAYS * DAY_MS;
/**
 * How many windows may be open (scheduled or in progress, not yet ended) at once: the one past it
 * is refused. Every window names at most every registered surface, once each.
 */
export const MAX_OPEN_WINDOWS = 50;

/**
 * The most windows of each status (in progress, scheduled, completed, cancelled) a public list
 * carries: the most relevant ones; the rest are counted, not listed.
 */
export const LISTED_WINDOWS_PER_STATUS = 10;

/** The refusal of a window past MAX_OPEN_WINDOWS. */
export const tooManyOpenWindows = (): DomainError =>
	new DomainError(
		"too_many_maintenances",
		`At most ${MAX_OPEN_WINDOWS} maintenance windows may be scheduled or in progress at once; cancel one or wait for one to end.`,
	);

/** What a PUT says a window is. Instants are range-checked before they get here. */
export interface WindowFields {
	title: string;
	publicNote: string | null;
	surfaceIds: readonly string[];
	startsAt: number;
	endsAt: number;
}

export interface StoredWindow extends WindowFields {
	status: MaintenanceStatus;
}

export type WindowChange = "create" | "unchanged" | "replace" | "shorten";

const sameSurfaces = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && [...a].sort().every((id, index) => id === [...b].sort()[index]);

function sameFields(a: WindowFields, b: WindowFields, except: "nothing" | "end"): boolean {
	return (
		a.title === b.title &&
		a.publicNote === b.publicNote &&
		sameSurfaces(a.surfaceIds, b.surfaceIds) &&
		a.startsAt === b.startsAt &&
		(except === "end" || a.endsAt === b.endsAt)
	);
}

/** Whether a window has started: the cron started it, or its start has come. */
export const hasStarted = (window: StoredWindow, now: number): boolean =>
	window.status === "in_progress" || (window.status === "scheduled" && window.startsAt <= now);

/**
 * What a PUT of `requested` does to the window stored under its key (null: none): the same PUT
 * again changes nothing, whenever it comes; a window that has not started is replaced; one that
 * has started may only be shortened (DELETE cancels it); a completed one stays as it was (the
 * same PUT again is still unchanged, any other is refused). A cancelled key is never answered as
 * if the PUT had taken: even the PUT that announced it is refused, since the window will not happen.
 * Throws a DomainError for a change the rules refuse; `key` names the window in its detail.
 */
export function windowChange(
	key: string,
	stored: StoredWindow | null,
	requested: WindowFields,
	now: number,
): WindowChange {
	if (stored?.status === "cancelled") {
		throw new DomainError(
			"maintenance_cancelled",
			`The window under key '${key}' was cancelled; nothing was written. To hold it after all, announce it again under a new key.`,
		);
	}
	if (stored !== null && sameFields(stored, requested, "nothing")) return "unchanged";
	if (stored?.status === "completed") {
		throw new DomainError(
			"maintenance_over",
			`The window under key '${key}' is completed; nothing was written. Announce a new window under a new key.`,
		);
	}
	if (requested.endsAt <= now) {
		throw new DomainError("maintenance_until_not_in_future", "ends_at must be in the future.");
	}
	if (requested.startsAt > now + MAX_LEAD_MS) {
		throw new DomainError("maintenance_too_far_ahead", `starts_at must be at most ${MAX_LEAD_DAYS} days ahead.`);
	}
	if (stored === null) return "create";
	if (!hasStarted(stored, now)) return "replace";
	if (sameFields(stored, requested, "end") && requested.endsAt < stored.endsAt) return "shorten";
	throw new DomainError(
		"maintenance_started",
		"This window has started: it can only be shortened (an earlier ends_at, nothing else changed) or cancelled (DELETE).",
	);
}
