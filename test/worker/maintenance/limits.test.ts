import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { LISTED_WINDOWS_PER_STATUS, MAX_OPEN_WINDOWS } from "../../../src/domain/maintenance-window";
import type { PublicMaintenancesAnswer } from "../../../src/http/maintenances/schemas";
import { PAGE_WINDOWS } from "../../../src/http/page/parts/maintenance";
import { runStatusJobs } from "../../../src/jobs/run-status-jobs";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { MAX_WINDOWS_PER_CYCLE } from "../../../src/verbs/apply-check-cycle";
import { getPage } from "../page/support";
import { failWritesTo } from "../support/failing-writes";
import { call, expectProblem, updateSurface } from "../support/http";
import { healthyUrls, jobEnv } from "../support/jobs";
import { auditFor, clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { cycleAt, deleteWindow, HOUR, iso, MINUTE, putOk, putWindow, surfaceOf, T0, windowBody } from "./support";

// What writers of maintenance windows may create, what the public lists show of it, and how the
// cron starts it: a cap, bounded lists, and a windows' batch of its own.

const BEFORE = T0 - 24 * HOUR;
const ALL_SURFACES = SURFACES.map((surface) => surface.id);
const LONG_NOTE = `Upgrading every database ${"and every cache ".repeat(15)}`.slice(0, 280);
const LONG_TITLE = `Platform maintenance ${"x".repeat(100)}`.slice(0, 120);

beforeEach(clearTables);

/** `count` windows over every surface, from T0 (each its own end), announced at BEFORE. */
async function announceMany(count: number, prefix = "w"): Promise<void> {
	for (let index = 0; index < count; index += 1) {
		await putOk(
			`${prefix}-${index}`,
			windowBody({
				title: `${LONG_TITLE} ${index}`.slice(0, 120),
				public_note: LONG_NOTE,
				surface_ids: ALL_SURFACES,
				starts_at: iso(T0),
				ends_at: iso(T0 + 2 * HOUR + index * MINUTE),
			}),
			BEFORE,
		);
	}
}

async function read(path: string, at: number): Promise<Response> {
	forgetIsolateCopies();
	return atTime(at, () => call(path));
}

describe("the cap on open windows", () => {
	it(`accepts the ${MAX_OPEN_WINDOWS}th open window and refuses the next with 422, writing nothing`, async () => {
		await announceMany(MAX_OPEN_WINDOWS);
		const before = await readTables();
		const refused = await putWindow("one-too-many", windowBody(), BEFORE);
		const problem = await expectProblem(refused, 422, "too_many_maintenances");
		expect(problem.detail).toContain(String(MAX_OPEN_WINDOWS));
		expect(await readTables()).toEqual(before);
		// Changing a window under the cap's count is not a new window.
		expect((await putOk("w-0", windowBody({ title: "Renamed", surface_ids: ["login"] }), BEFORE)).outcome).toBe(
			"replaced",
		);
		// A cancelled window frees its place.
		expect((await deleteWindow("w-1", BEFORE)).status).toBe(200);
		expect((await putWindow("one-too-many", windowBody(), BEFORE)).status).toBe(201);
	});

	it("counts only windows not yet ended: one whose end passed unstarted frees its place", async () => {
		await announceMany(MAX_OPEN_WINDOWS);
		const later = T0 + 3 * HOUR;
		const accepted = await putWindow(
			"after-the-rest",
			windowBody({ starts_at: iso(later + HOUR), ends_at: iso(later + 2 * HOUR) }),
			later,
		);
		expect(accepted.status).toBe(201);
	});
});

describe("every public list of windows is bounded, with a count of the rest", () => {
	it(`lists at most ${LISTED_WINDOWS_PER_STATUS} of each status, the page ${PAGE_WINDOWS}, summary.json stays small`, async () => {
		for (let index = 0; index < 12; index += 1) {
			await putOk(`c-${index}`, windowBody({ starts_at: iso(T0 + 5 * HOUR), ends_at: iso(T0 + 6 * HOUR) }), BEFORE);
			expect((await deleteWindow(`c-${index}`, BEFORE + MINUTE)).status).toBe(200);
		}
		await announceMany(MAX_OPEN_WINDOWS);
		await cycleAt(T0);
		const at = T0 + 2 * MINUTE;

		const list = (await (await read(PUBLIC_PATHS.maintenances, at)).json()) as PublicMaintenancesAnswer;
		const statuses = list.maintenances.map((window) => window.status);
		expect(statuses.filter((status) => status === "in_progress")).toHaveLength(LISTED_WINDOWS_PER_STATUS);
		expect(statuses.filter((status) => status === "cancelled")).toHaveLength(LISTED_WINDOWS_PER_STATUS);
		expect(list.unlisted).toEqual({
			in_progress: MAX_OPEN_WINDOWS - LISTED_WINDOWS_PER_STATUS,
			scheduled: 0,
			completed: 0,
			cancelled: 12 - LISTED_WINDOWS_PER_STATUS,
		});
		// The most relevant: those in progress ending soonest... by their start, then their id.
		expect(list.maintenances[0]?.title).toBe(`${LONG_TITLE} 0`.slice(0, 120));

		const page = await getPage(PAGE_PATHS.home, { at });
		const html = await page.text();
		expect(html.length).toBeLessThan(60_000);
		expect(html.match(/<article class="card" aria-labelledby="mnt-/g)).toHaveLength(PAGE_WINDOWS);
		expect(html).toContain(`${MAX_OPEN_WINDOWS - PAGE_WINDOWS} more windows in progress or scheduled`);

		const summary = await read(ATLASSIAN_V2_PATHS.summary, at);
		const summaryText = await summary.text();
		expect(summaryText.length).toBeLessThan(400_000);
		const { scheduled_maintenances } = JSON.parse(summaryText) as { scheduled_maintenances: unknown[] };
		expect(scheduled_maintenances).toHaveLength(LISTED_WINDOWS_PER_STATUS);
		const all = (await (await read(ATLASSIAN_V2_PATHS.maintenances, at)).json()) as {
			scheduled_maintenances: unknown[];
		};
		expect(all.scheduled_maintenances.length).toBeLessThanOrEqual(3 * LISTED_WINDOWS_PER_STATUS);
		const atom = await (await read(PUBLIC_PATHS.feedAtom, at)).text();
		expect(atom.match(/<entry>/g)?.length).toBeLessThanOrEqual(50);
	});
});

/** The real D1, with every batch's statement count recorded. */
function batchSizes(): { db: D1Database; sizes: number[] } {
	const sizes: number[] = [];
	const real = env.DB;
	const db = {
		prepare: (query: string) => real.prepare(query),
		batch: (statements: D1PreparedStatement[]) => {
			sizes.push(statements.length);
			return real.batch(statements);
		},
		exec: (query: string) => real.exec(query),
		withSession: (constraint?: D1SessionConstraint) => real.withSession(constraint),
	} as unknown as D1Database;
	return { db, sizes };
}

describe("the cron starts windows in a bounded batch of their own, one transition per surface", () => {
	it("starts 50 windows over every surface with one audit row per surface, in a batch of at most 246 statements", async () => {
		await atTime(BEFORE, async () => {
			for (const surface_id of ALL_SURFACES) {
				expect(
					(await updateSurface({ surface_id, state: "OPERATIONAL", state_source: "manual", actor: "ops" })).status,
				).toBe(200);
			}
		});
		await announceMany(MAX_OPEN_WINDOWS);
		const auditBefore = (await readTables()).status_audit_log.length;
		const { db, sizes } = batchSizes();
		await atTime(T0, async () => runStatusJobs({ ...jobEnv(await healthyUrls()), DB: db }, new Date(T0)));
		const audit = (await readTables()).status_audit_log.slice(auditBefore);
		const starts = audit.filter((row) => row.source === "schedule");
		expect(starts).toHaveLength(ALL_SURFACES.length);
		expect(starts.every((row) => row.previous_state === "OPERATIONAL" && row.new_state === "MAINTENANCE")).toBe(true);
		expect(new Set(starts.map((row) => row.surface_id)).size).toBe(ALL_SURFACES.length);
		// The read, the windows' batch, the checks' batch.
		expect(sizes).toHaveLength(3);
		// Two transitions of five statements per surface, three window updates, three for the windows' events.
		expect(sizes[1]).toBeLessThanOrEqual(2 * ALL_SURFACES.length * 5 + 3 + 3);
		const surface = await surfaceOf("login");
		expect(surface).toMatchObject({
			state: "MAINTENANCE",
			maintenance_until: iso(T0 + 2 * HOUR + (MAX_OPEN_WINDOWS - 1) * MINUTE),
			// The note of the window ending last.
			public_note: LONG_NOTE,
		});
		// A second cycle restarts nothing.
		await cycleAt(T0 + MINUTE);
		expect((await readTables()).status_audit_log.length).toBe(auditBefore + ALL_SURFACES.length);
		expect(MAX_WINDOWS_PER_CYCLE).toBe(MAX_OPEN_WINDOWS);
	});

	it("three windows starting together on one surface make one MAINTENANCE transition, not three", async () => {
		await atTime(BEFORE, () =>
			updateSurface({ surface_id: "login", state: "OPERATIONAL", state_source: "manual", actor: "ops" }),
		);
		for (const [key, hours] of [
			["a", 1],
			["b", 3],
			["c", 2],
		] as const) {
			await putOk(
				key,
				windowBody({ public_note: `note ${key}`, surface_ids: ["login"], ends_at: iso(T0 + hours * HOUR) }),
				BEFORE,
			);
		}
		await cycleAt(T0);
		const rows = (await auditFor("login")).filter(
			(row) => row.source === "schedule" && row.new_state === "MAINTENANCE",
		);
		expect(rows.map((row) => row.previous_state)).toEqual(["OPERATIONAL"]);
		expect(await surfaceOf("login")).toMatchObject({ maintenance_until: iso(T0 + 3 * HOUR), public_note: "note b" });
	});
});

describe("a failing part of the cycle cannot fail the other", () => {
	it("windows' batch failing: the checks' writes land, and the cycle still fails", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const restore = await failWritesTo("status_maintenances");
		try {
			await expect(cycleAt(T0)).rejects.toThrow();
		} finally {
			await restore();
		}
		const tables = await readTables();
		expect(tables.surface_checks.map((row) => row.surface_id)).toEqual(
			expect.arrayContaining(["cloudflare", "alpaca", "plaid", "heroku", "app-raxx-app", "public-api"]),
		);
		expect(tables.status_maintenances.map((row) => row.status)).toEqual(["scheduled"]);
		expect(await surfaceOf("cloudflare")).toMatchObject({ state: "OPERATIONAL" });
		// The next minute, the window starts.
		await cycleAt(T0 + MINUTE);
		expect(await surfaceOf("login")).toMatchObject({ state: "MAINTENANCE" });
	});

	it("checks' batch failing: the windows start, and the cycle still fails", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const restore = await failWritesTo("surface_checks");
		try {
			await expect(cycleAt(T0)).rejects.toThrow();
		} finally {
			await restore();
		}
		const tables = await readTables();
		expect(tables.surface_checks).toEqual([]);
		expect(tables.status_maintenances.map((row) => row.status)).toEqual(["in_progress"]);
		expect(await surfaceOf("login")).toMatchObject({ state: "MAINTENANCE", public_note: "Orders may be delayed" });
	});
});

describe("a surface's maintenance comes from the windows still in progress", () => {
	async function overlapping() {
		await atTime(BEFORE, () =>
			updateSurface({ surface_id: "login", state: "OPERATIONAL", state_source: "manual", actor: "ops" }),
		);
		await putOk(
			"long",
			windowBody({ public_note: "Long work", surface_ids: ["login"], ends_at: iso(T0 + 4 * HOUR) }),
			BEFORE,
		);
		await putOk(
			"short",
			windowBody({
				public_note: "Short work",
				surface_ids: ["login"],
				starts_at: iso(T0 + 10 * MINUTE),
				ends_at: iso(T0 + 2 * HOUR),
			}),
			BEFORE,
		);
		await cycleAt(T0);
		await cycleAt(T0 + 10 * MINUTE);
	}

	it("the note is that of the window ending last, whichever started last", async () => {
		await overlapping();
		expect(await surfaceOf("login")).toMatchObject({
			state: "MAINTENANCE",
			public_note: "Long work",
			maintenance_until: iso(T0 + 4 * HOUR),
		});
	});

	it("cancelling the window ending last leaves the other's note and end", async () => {
		await overlapping();
		expect((await deleteWindow("long", T0 + 20 * MINUTE)).status).toBe(200);
		expect(await surfaceOf("login")).toMatchObject({
			state: "MAINTENANCE",
			public_note: "Short work",
			maintenance_until: iso(T0 + 2 * HOUR),
		});
	});

	it("cancelling the other one leaves the surface as the window ending last says", async () => {
		await overlapping();
		const before = (await auditFor("login")).length;
		expect((await deleteWindow("short", T0 + 20 * MINUTE)).status).toBe(200);
		expect(await surfaceOf("login")).toMatchObject({
			state: "MAINTENANCE",
			public_note: "Long work",
			maintenance_until: iso(T0 + 4 * HOUR),
		});
		// The cancellation's announcement, no surface change.
		expect((await auditFor("login")).slice(before).map((row) => row.note)).toEqual([
			expect.stringMatching(/^maintenance mnt_\d{5} cancelled$/),
		]);
	});
});

describe("the feeds follow a window's life", () => {
	const titles = async (at: number) => {
		const atom = await (await read(PUBLIC_PATHS.feedAtom, at)).text();
		return [...atom.matchAll(/<title type="text">([^<]*)<\/title>/g)].map((match) => match[1]);
	};

	it("announces a window cancelled before its start as cancelled", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		expect((await deleteWindow("db-upgrade", BEFORE + HOUR)).status).toBe(200);
		expect(await titles(BEFORE + 2 * HOUR)).toEqual([
			"Scheduled maintenance: Database upgrade, cancelled",
			"Scheduled maintenance: Database upgrade, scheduled",
		]);
		const atom = await (await read(PUBLIC_PATHS.feedAtom, BEFORE + 2 * HOUR)).text();
		expect(atom).toContain("it will not take place");
	});

	it("announces a window cancelled in progress: scheduled, in progress, cancelled", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		await cycleAt(T0);
		expect((await deleteWindow("db-upgrade", T0 + HOUR)).status).toBe(200);
		expect(await titles(T0 + 2 * HOUR)).toEqual([
			"Scheduled maintenance: Database upgrade, cancelled",
			"Scheduled maintenance: Database upgrade, in progress",
			"Scheduled maintenance: Database upgrade, scheduled",
		]);
	});
});
