import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { LISTED_WINDOWS_PER_STATUS, MAX_OPEN_WINDOWS } from "../../../src/domain/maintenance-window";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { cycleAt, deleteWindow, HOUR, iso, MINUTE, putWindow, T0, windowBody } from "../maintenance/support";
import { getPage } from "../page/support";
import { call, updateSurface } from "../support/http";
import { expectInvariants } from "../support/invariants";
import { clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { HOSTILE_WINDOW_SETS } from "./corpus";
import { expectRefused } from "./support";

// Every set of maintenance windows in the corpus: past the cap refused with nothing written, the
// public answers bounded, one start per surface, and each surface's maintenance from the windows
// still in progress after cancels in the middle.

const ALL = SURFACES.map((surface) => surface.id);
const BEFORE = T0 - 24 * HOUR;

beforeEach(async () => {
	await clearTables();
	await atTime(BEFORE - HOUR, async () => {
		for (const surface_id of ALL) {
			await updateSurface({ surface_id, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
		}
	});
});

async function read(path: string, at: number): Promise<Response> {
	forgetIsolateCopies();
	return atTime(at, () => call(path));
}

/** What each surface's maintenance must be, from the windows in progress in the table. */
async function expectedMaintenance(now: number) {
	const { results } = await env.DB.prepare(
		"SELECT surface_ids, ends_at, starts_at, id, coalesce(public_note, title) AS note FROM status_maintenances WHERE status = 'in_progress' AND ends_at > ?",
	)
		.bind(iso(now))
		.all<{ surface_ids: string; ends_at: string; starts_at: string; id: number; note: string }>();
	const ordered = results.sort(
		(a, b) => b.ends_at.localeCompare(a.ends_at) || a.starts_at.localeCompare(b.starts_at) || a.id - b.id,
	);
	return new Map(
		ALL.map((id) => {
			const last = ordered.find((row) => (JSON.parse(row.surface_ids) as string[]).includes(id));
			return [
				id,
				last
					? { state: "MAINTENANCE", until: last.ends_at, note: last.note }
					: { state: "OPERATIONAL", until: null, note: null },
			];
		}),
	);
}

describe.each(Object.entries(HOSTILE_WINDOW_SETS))("the window set %s", (_, set) => {
	it("is capped, bounded on every public answer, started once per surface, and left as the windows in progress say", async () => {
		for (let index = 0; index < set.count; index += 1) {
			const body = windowBody({
				title: `Window ${index}`,
				public_note: `Note of window ${index}`,
				surface_ids: set.surfaces(index, ALL),
				starts_at: iso(T0 + set.startMinute(index) * MINUTE),
				ends_at: iso(T0 + set.endMinute(index) * MINUTE),
			});
			if (index < MAX_OPEN_WINDOWS) {
				expect((await putWindow(`k${index}`, body, BEFORE)).status).toBe(201);
			} else {
				const before = await readTables();
				await expectRefused(await putWindow(`k${index}`, body, BEFORE), `window ${index}`, 422);
				expect(await readTables()).toEqual(before);
			}
		}
		// Each cycle: one start per surface at most, whatever the number of windows starting on it.
		for (const minute of [0, 2]) {
			const auditBefore = (await readTables()).status_audit_log.length;
			await cycleAt(T0 + minute * MINUTE);
			const starts = (await readTables()).status_audit_log
				.slice(auditBefore)
				.filter((row) => row.new_state === "MAINTENANCE");
			expect(new Set(starts.map((row) => row.surface_id)).size).toBe(starts.length);
		}

		const cancelAt = T0 + 5 * MINUTE;
		for (let index = 0; index < Math.min(set.count, MAX_OPEN_WINDOWS); index += 1) {
			if (set.cancel(index)) expect((await deleteWindow(`k${index}`, cancelAt)).status).toBe(200);
		}
		const at = cancelAt + MINUTE;
		const expected = await expectedMaintenance(at);
		const board = (await (await read(PUBLIC_PATHS.surfaces, at)).json()) as {
			surfaces: { id: string; state: string; maintenance_until: string | null; public_note: string | null }[];
		};
		for (const surface of board.surfaces) {
			const want = expected.get(surface.id);
			expect({
				id: surface.id,
				state: surface.state,
				until: surface.maintenance_until,
				note: surface.public_note,
			}).toEqual({
				id: surface.id,
				...want,
			});
		}

		const list = (await (await read(PUBLIC_PATHS.maintenances, at)).json()) as {
			maintenances: { status: string }[];
		};
		for (const status of ["in_progress", "scheduled", "completed", "cancelled"]) {
			expect(list.maintenances.filter((window) => window.status === status).length).toBeLessThanOrEqual(
				LISTED_WINDOWS_PER_STATUS,
			);
		}
		expect((await (await read(ATLASSIAN_V2_PATHS.summary, at)).text()).length).toBeLessThan(400_000);
		expect((await (await getPage(PAGE_PATHS.home, { at })).text()).length).toBeLessThan(60_000);
		const atom = await (await read(PUBLIC_PATHS.feedAtom, at)).text();
		const cancelled = Array.from({ length: Math.min(set.count, MAX_OPEN_WINDOWS) }, (_, index) => index).filter(
			set.cancel,
		);
		if (cancelled.length > 0) expect(atom).toContain("cancelled: it ended early");
		await expectInvariants();
	});
});
