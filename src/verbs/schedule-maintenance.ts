import { WriteContentionError } from "../db/errors";
import { maintenanceOutboxEntry } from "../db/maintenance/outbox";
import type { MaintenanceRow } from "../db/maintenance/rows";
import {
	cancelWindowPlans,
	createWindowPlan,
	findMaintenanceByKey,
	replaceWindowPlan,
	shortenWindowPlans,
	type WindowWriteResult,
} from "../db/maintenance/windows";
import { outboxPlans, runBatchWithOutbox } from "../db/notifications/outbox";
import { roundTrip } from "../db/round-trip";
import type { Db } from "../db/sql";
import { DomainError } from "../domain/errors";
import { publicMaintenanceId } from "../domain/maintenance-id";
import { tooManyOpenWindows, type WindowChange, type WindowFields, windowChange } from "../domain/maintenance-window";
import { publicTextProblem } from "../domain/public-text";
import { isRegisteredSurface, notRegistered } from "../surfaces/registry";

export type ScheduleOutcome = "created" | "unchanged" | "replaced" | "shortened";

/** A concurrent write to the same key makes a write start over; this many times at most. */
const ATTEMPTS = 3;

function checkFields(fields: WindowFields): void {
	const unknown = fields.surfaceIds.filter((id) => !isRegisteredSurface(id));
	if (unknown.length > 0) {
		throw new DomainError("unknown_surface", notRegistered(unknown));
	}
	for (const [name, text] of [
		["title", fields.title],
		["public_note", fields.publicNote],
	] as const) {
		const problem = text === null ? null : publicTextProblem(text);
		if (problem) throw new DomainError("invalid_public_text", `${name} ${problem}.`);
	}
}

const OUTCOME = { create: "created", replace: "replaced", shorten: "shortened" } as const;

/** Writes one decided change; null when another request changed the window first. */
async function writeChange(
	db: Db,
	change: Exclude<WindowChange, "unchanged">,
	stored: MaintenanceRow | null,
	write: { key: string; fields: WindowFields; actor: string; nowIso: string; notify: boolean },
): Promise<MaintenanceRow | null> {
	const { fields } = write;
	const outbox = write.notify ? outboxPlans(db, maintenanceOutboxEntry({ key: write.key }, write.nowIso)) : null;
	const common = { key: write.key, surfaceIds: fields.surfaceIds, actor: write.actor, nowIso: write.nowIso };
	let result: WindowWriteResult;
	if (change === "create" || stored === null) {
		({ result } = await runBatchWithOutbox(
			db,
			outbox,
			createWindowPlan(db, { ...common, fields, auditNote: `maintenance announced: ${fields.title}` }),
		));
		// Not written and no window under the key: the open windows are at their cap.
		if (!result.changed && result.row === null) throw tooManyOpenWindows();
	} else if (change === "replace") {
		const auditNote = `maintenance ${publicMaintenanceId(stored.id)} changed: ${fields.title}`;
		({ result } = await runBatchWithOutbox(
			db,
			outbox,
			replaceWindowPlan(db, { ...common, fields, auditNote, seenUpdatedAt: stored.updatedAt }),
		));
	} else {
		const auditNote = `maintenance ${publicMaintenanceId(stored.id)} shortened to ${new Date(fields.endsAt).toISOString()}`;
		({ result } = await runBatchWithOutbox(
			db,
			outbox,
			...shortenWindowPlans(db, {
				...common,
				surfaceIds: stored.surfaceIds,
				auditNote,
				endsAt: fields.endsAt,
				seenUpdatedAt: stored.updatedAt,
			}),
		));
	}
	return result.changed ? result.row : null;
}

/**
 * Announces, repeats, replaces or shortens the window under the caller's key
 * (domain/maintenance-window.ts decides which): the window's row, the audit rows on its surfaces
 * and, when a window in progress is shortened, its surfaces' maintenance, in one D1 batch. A
 * concurrent write to the same key makes it decide again.
 */
export async function scheduleMaintenance(
	db: Db,
	key: string,
	fields: WindowFields,
	actor: string,
	now: Date,
	notify = true,
): Promise<{ outcome: ScheduleOutcome; window: MaintenanceRow }> {
	checkFields(fields);
	for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
		const stored = await roundTrip(() => findMaintenanceByKey(db, key));
		const change = windowChange(key, stored, fields, now.getTime());
		if (change === "unchanged" && stored) return { outcome: "unchanged", window: stored };
		if (change === "unchanged") continue;
		const window = await writeChange(db, change, stored, { key, fields, actor, nowIso: now.toISOString(), notify });
		if (window) return { outcome: OUTCOME[change], window };
	}
	throw new WriteContentionError(`Maintenance '${key}'`, ATTEMPTS);
}

export type CancelOutcome = "cancelled" | "already_cancelled";

/**
 * Cancels the window under the key: before its start it never happens; in progress, it ends now and
 * its surfaces return as at the end of any window (unless another window in progress still covers
 * them). Cancelling a cancelled window changes nothing; a completed one cannot be cancelled.
 * Null: no window has this key.
 */
export async function cancelMaintenance(
	db: Db,
	key: string,
	actor: string,
	now: Date,
	notify = true,
): Promise<{ outcome: CancelOutcome; window: MaintenanceRow } | null> {
	const stored = await roundTrip(() => findMaintenanceByKey(db, key));
	if (stored === null) return null;
	if (stored.status === "cancelled") return { outcome: "already_cancelled", window: stored };
	if (stored.status === "completed") {
		throw new DomainError("maintenance_over", "This window is completed; there is nothing to cancel.");
	}
	const outbox = notify ? outboxPlans(db, maintenanceOutboxEntry({ key }, now.toISOString())) : null;
	const { result } = await runBatchWithOutbox(
		db,
		outbox,
		...cancelWindowPlans(db, {
			key,
			surfaceIds: stored.surfaceIds,
			actor,
			nowIso: now.toISOString(),
			auditNote: `maintenance ${publicMaintenanceId(stored.id)} cancelled`,
		}),
	);
	// A cycle that completed the window meanwhile leaves nothing to cancel.
	if (!result.changed || !result.row) {
		throw new DomainError("maintenance_over", "This window is completed; there is nothing to cancel.");
	}
	return { outcome: "cancelled", window: result.row };
}
