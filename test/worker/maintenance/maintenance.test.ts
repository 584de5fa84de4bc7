import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { expectProblem, updateSurface } from "../support/http";
import { healthyUrls, jobEnv, runCycle } from "../support/jobs";
import { auditFor, clearTables, expectUnbrokenChain, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import {
	cycleAt,
	deleteWindow,
	HOUR,
	iso,
	MINUTE,
	publicWindows,
	putOk,
	putWindow,
	surfaceOf,
	T0,
	windowBody,
} from "./support";

// Maintenance announced ahead, started and ended by the Cron Trigger.

const BEFORE = T0 - 24 * HOUR;

beforeEach(async () => {
	await clearTables();
	// Every surface in play starts OPERATIONAL, written before the window is announced.
	await atTime(BEFORE - HOUR, async () => {
		for (const surface_id of ["login", "charts", "withdrawals"]) {
			expect(
				(await updateSurface({ surface_id, state: "OPERATIONAL", state_source: "manual", actor: "ops" })).status,
			).toBe(200);
		}
	});
});

const sources = async (surfaceId: string) => (await auditFor(surfaceId)).map((row) => [row.new_state, row.source]);

describe("announcing, repeating, replacing and cancelling before the start", () => {
	it("creates a window (201), shows it publicly as scheduled, and records it on its surfaces' audit", async () => {
		const response = await putWindow("db-upgrade", windowBody(), BEFORE);
		expect(response.status).toBe(201);
		const { outcome, maintenance } = await response.json<{ outcome: string; maintenance: { id: string } }>();
		expect(outcome).toBe("created");
		expect(maintenance.id).toMatch(/^mnt_\d{5}$/);
		const [listed] = await publicWindows(BEFORE);
		expect(listed).toMatchObject({
			id: maintenance.id,
			title: "Database upgrade",
			public_note: "Orders may be delayed",
			surfaces: [
				{ id: "login", name: "Login and sign-up" },
				{ id: "charts", name: expect.any(String) },
			],
			starts_at: iso(T0),
			ends_at: iso(T0 + 2 * HOUR),
			status: "scheduled",
			missed: false,
			ended_at: null,
		});
		expect(JSON.stringify(listed)).not.toContain("db-upgrade");
		expect((await auditFor("login")).at(-1)).toMatchObject({
			new_state: "OPERATIONAL",
			previous_state: "OPERATIONAL",
			source: "schedule",
			note: "maintenance announced: Database upgrade",
		});
	});

	it("changes nothing when the same PUT comes again, even after the window is over", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const before = await readTables();
		expect((await putOk("db-upgrade", windowBody(), BEFORE + MINUTE)).outcome).toBe("unchanged");
		expect((await putOk("db-upgrade", windowBody({ surface_ids: ["charts", "login"] }), BEFORE)).outcome).toBe(
			"unchanged",
		);
		expect(await readTables()).toEqual(before);
		expect((await putOk("db-upgrade", windowBody(), T0 + 5 * HOUR)).outcome).toBe("unchanged");
	});

	it("replaces a window that has not started", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const { outcome, maintenance } = await putOk(
			"db-upgrade",
			windowBody({ title: "Database upgrade, moved", starts_at: iso(T0 + HOUR), ends_at: iso(T0 + 3 * HOUR) }),
			BEFORE + HOUR,
		);
		expect(outcome).toBe("replaced");
		expect(maintenance).toMatchObject({ title: "Database upgrade, moved", starts_at: iso(T0 + HOUR) });
		await cycleAt(T0 + 30 * MINUTE);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");
		await cycleAt(T0 + HOUR);
		expect((await surfaceOf("login"))?.state).toBe("MAINTENANCE");
	});

	it("cancelled before its start, never happens", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const cancelled = await deleteWindow("db-upgrade", BEFORE + HOUR);
		expect(cancelled.status).toBe(200);
		expect(await cancelled.json()).toMatchObject({ outcome: "cancelled", maintenance: { status: "cancelled" } });
		await cycleAt(T0);
		await cycleAt(T0 + HOUR);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");
		expect(await sources("login")).not.toContainEqual(["MAINTENANCE", "schedule"]);
		expect((await publicWindows(T0 + HOUR)).map((window) => window.status)).toEqual(["cancelled"]);
		expect(await (await deleteWindow("db-upgrade", T0 + HOUR)).json()).toMatchObject({
			outcome: "already_cancelled",
		});
	});
});

describe("a PUT of a key whose window is cancelled or completed", () => {
	it("a cancelled key answers 409 maintenance_cancelled naming the key, to every PUT, and writes nothing", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		expect((await deleteWindow("db-upgrade", BEFORE + HOUR)).status).toBe(200);
		const before = await readTables();
		// The very PUT that announced it too: a 200 `unchanged` would say the window stands.
		for (const body of [windowBody(), windowBody({ title: "Database upgrade, again" })]) {
			const problem = await expectProblem(
				await putWindow("db-upgrade", body, BEFORE + 2 * HOUR),
				409,
				"maintenance_cancelled",
			);
			expect(problem.detail).toContain("'db-upgrade'");
			expect(problem.detail).toContain("new key");
			expect(await readTables()).toEqual(before);
		}
		expect((await publicWindows(BEFORE + 2 * HOUR)).map((window) => window.status)).toEqual(["cancelled"]);
		// Announced again under a new key, it is a window of its own.
		expect((await putOk("db-upgrade-2", windowBody(), BEFORE + 2 * HOUR)).outcome).toBe("created");
	});

	it("a completed key: the identical PUT stays 200 unchanged, any other is 409 maintenance_over naming the key", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		await cycleAt(T0);
		await cycleAt(T0 + 2 * HOUR);
		expect((await publicWindows(T0 + 3 * HOUR)).map((window) => window.status)).toEqual(["completed"]);
		const before = await readTables();
		expect((await putOk("db-upgrade", windowBody(), T0 + 3 * HOUR)).outcome).toBe("unchanged");
		const problem = await expectProblem(
			await putWindow("db-upgrade", windowBody({ ends_at: iso(T0 + 5 * HOUR) }), T0 + 3 * HOUR),
			409,
			"maintenance_over",
		);
		expect(problem.detail).toContain("'db-upgrade'");
		expect(await readTables()).toEqual(before);
	});
});

describe("the Cron Trigger starts and ends windows", () => {
	it("starts a window in the minute it is due and ends it at its end, with audit rows from the schedule", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const early = await cycleAt(T0 - MINUTE);
		expect(early.filter((entry) => entry.job === "maintenance_start")).toEqual([]);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");

		const start = await cycleAt(T0);
		expect(
			start.filter((entry) => entry.job === "maintenance_start").map((entry) => [entry.surfaceId, entry.changed]),
		).toEqual([
			["login", true],
			["charts", true],
		]);
		expect(await surfaceOf("login")).toMatchObject({
			state: "MAINTENANCE",
			public_note: "Orders may be delayed",
			maintenance_until: iso(T0 + 2 * HOUR),
		});
		expect((await auditFor("login")).at(-1)).toMatchObject({
			new_state: "MAINTENANCE",
			source: "schedule",
			created_at: iso(T0),
		});
		expect((await publicWindows(T0)).map((window) => window.status)).toEqual(["in_progress"]);

		await cycleAt(T0 + 2 * HOUR);
		expect(await surfaceOf("login")).toMatchObject({ state: "OPERATIONAL", maintenance_until: null });
		expect((await auditFor("login")).at(-1)).toMatchObject({ new_state: "OPERATIONAL", source: "schedule" });
		expect(await publicWindows(T0 + 2 * HOUR)).toMatchObject([{ status: "completed", ended_at: iso(T0 + 2 * HOUR) }]);
		for (const surface of ["login", "charts"]) expectUnbrokenChain(await auditFor(surface));
	});

	it("leaves a surface under a manual hold as it is, and reports the start as held", async () => {
		await atTime(BEFORE, () =>
			updateSurface({ surface_id: "charts", state: "DOWN", state_source: "manual", actor: "ops" }),
		);
		await putOk("db-upgrade", windowBody(), BEFORE);
		const start = await cycleAt(T0);
		const held = start.find((entry) => entry.job === "maintenance_start" && entry.surfaceId === "charts");
		expect(held).toMatchObject({ changed: false, heldBy: "manual_hold", stateAfter: "DOWN" });
		expect((await surfaceOf("charts"))?.state).toBe("DOWN");
		expect((await surfaceOf("login"))?.state).toBe("MAINTENANCE");
	});

	it("starts a window late when a cycle ran late, but never ends it late", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		await cycleAt(T0 + 40 * MINUTE);
		expect(await surfaceOf("login")).toMatchObject({ state: "MAINTENANCE", maintenance_until: iso(T0 + 2 * HOUR) });
	});

	it("records a window the cron missed entirely as completed without transitions, and says so", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		const auditBefore = await auditFor("login");
		const cycle = await cycleAt(T0 + 3 * HOUR);
		expect(cycle.filter((entry) => entry.job.startsWith("maintenance_"))).toEqual([]);
		expect(await auditFor("login")).toEqual(auditBefore);
		expect(await publicWindows(T0 + 3 * HOUR)).toMatchObject([{ status: "completed", missed: true }]);
	});

	it("treats overlapping windows on one surface as their union", async () => {
		await putOk("first", windowBody({ surface_ids: ["login"], ends_at: iso(T0 + 2 * HOUR) }), BEFORE);
		await putOk(
			"second",
			windowBody({ surface_ids: ["login"], starts_at: iso(T0 + HOUR), ends_at: iso(T0 + 3 * HOUR) }),
			BEFORE,
		);
		await putOk(
			"inner",
			windowBody({ surface_ids: ["login"], starts_at: iso(T0 + 90 * MINUTE), ends_at: iso(T0 + 100 * MINUTE) }),
			BEFORE,
		);
		await cycleAt(T0);
		expect((await surfaceOf("login"))?.maintenance_until).toBe(iso(T0 + 2 * HOUR));
		await cycleAt(T0 + HOUR);
		expect((await surfaceOf("login"))?.maintenance_until).toBe(iso(T0 + 3 * HOUR));
		await cycleAt(T0 + 90 * MINUTE);
		expect((await surfaceOf("login"))?.maintenance_until).toBe(iso(T0 + 3 * HOUR));
		await cycleAt(T0 + 2 * HOUR);
		expect((await surfaceOf("login"))?.state).toBe("MAINTENANCE");
		await cycleAt(T0 + 3 * HOUR);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");
		expect((await publicWindows(T0 + 3 * HOUR)).map((window) => window.status)).toEqual([
			"completed",
			"completed",
			"completed",
		]);
	});
});

describe("changing a window that has started", () => {
	it("shortens it, and its surfaces' maintenance with it; any other change is refused", async () => {
		await putOk("db-upgrade", windowBody(), BEFORE);
		await cycleAt(T0);
		const shortened = await putOk("db-upgrade", windowBody({ ends_at: iso(T0 + HOUR) }), T0 + 10 * MINUTE);
		expect(shortened.outcome).toBe("shortened");
		expect((await surfaceOf("login"))?.maintenance_until).toBe(iso(T0 + HOUR));
		for (const change of [
			windowBody({ ends_at: iso(T0 + 3 * HOUR) }),
			windowBody({ ends_at: iso(T0 + HOUR), title: "Another title" }),
			windowBody({ ends_at: iso(T0 + HOUR), surface_ids: ["login"] }),
		]) {
			const before = await readTables();
			await expectProblem(await putWindow("db-upgrade", change, T0 + 20 * MINUTE), 409, "maintenance_started");
			expect(await readTables()).toEqual(before);
		}
		await cycleAt(T0 + HOUR);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");
		await expectProblem(
			await putWindow("db-upgrade", windowBody({ title: "Again" }), T0 + 2 * HOUR),
			409,
			"maintenance_over",
		);
		await expectProblem(await deleteWindow("db-upgrade", T0 + 2 * HOUR), 409, "maintenance_over");
	});

	it("cancelled while in progress, ends now: its surfaces return, unless another window still covers them", async () => {
		await putOk("db-upgrade", windowBody({ surface_ids: ["login", "charts"] }), BEFORE);
		await putOk("other", windowBody({ surface_ids: ["charts"], ends_at: iso(T0 + 4 * HOUR) }), BEFORE);
		await cycleAt(T0);
		expect((await surfaceOf("charts"))?.maintenance_until).toBe(iso(T0 + 4 * HOUR));
		await putOk("short", windowBody({ surface_ids: ["withdrawals"], ends_at: iso(T0 + HOUR) }), BEFORE);
		await cycleAt(T0 + MINUTE);
		const cancelled = await deleteWindow("short", T0 + 30 * MINUTE);
		expect(cancelled.status).toBe(200);
		expect(await surfaceOf("withdrawals")).toMatchObject({ state: "OPERATIONAL", maintenance_until: null });
		expect((await auditFor("withdrawals")).at(-1)).toMatchObject({
			new_state: "OPERATIONAL",
			source: "schedule",
			created_at: iso(T0 + 30 * MINUTE),
		});
		// "other" still covers charts to its own end; login was "db-upgrade"'s alone until it ends.
		expect((await surfaceOf("charts"))?.maintenance_until).toBe(iso(T0 + 4 * HOUR));
		expect((await surfaceOf("login"))?.maintenance_until).toBe(iso(T0 + 2 * HOUR));
		for (const surface of ["login", "charts", "withdrawals"]) expectUnbrokenChain(await auditFor(surface));
	});
});

describe("a window over an operator's maintenance", () => {
	const withSource = async (id: string) => {
		const row = await env.DB.prepare("SELECT state_source FROM surface_state WHERE surface_id = ?")
			.bind(id)
			.first<{ state_source: string }>();
		return { ...(await surfaceOf(id)), state_source: row?.state_source };
	};
	const operatorsMaintenance = (until: number) =>
		atTime(BEFORE, () =>
			updateSurface({
				surface_id: "login",
				state: "MAINTENANCE",
				state_source: "manual",
				actor: "ops",
				public_note: "Login provider migration",
				maintenance_until: iso(until),
			}),
		);

	it("stays the operator's when the window ends first: cancelling the window leaves it as the operator said", async () => {
		expect((await operatorsMaintenance(T0 + 3 * HOUR)).status).toBe(200);
		await putOk("db-upgrade", windowBody({ ends_at: iso(T0 + HOUR) }), BEFORE);
		const auditBefore = await auditFor("login");
		await cycleAt(T0);
		const operators = {
			state: "MAINTENANCE",
			state_source: "manual",
			public_note: "Login provider migration",
			maintenance_until: iso(T0 + 3 * HOUR),
		};
		expect(await withSource("login")).toMatchObject(operators);
		expect(await auditFor("login")).toEqual(auditBefore);
		expect((await deleteWindow("db-upgrade", T0 + 10 * MINUTE)).status).toBe(200);
		expect(await withSource("login")).toMatchObject(operators);
		await cycleAt(T0 + HOUR);
		expect(await withSource("login")).toMatchObject(operators);
		await cycleAt(T0 + 3 * HOUR);
		expect(await withSource("login")).toMatchObject({ state: "OPERATIONAL", maintenance_until: null });
		expectUnbrokenChain(await auditFor("login"));
	});

	it("only extends the operator's end when the window ends later, in one audited transition", async () => {
		expect((await operatorsMaintenance(T0 + HOUR)).status).toBe(200);
		await putOk("db-upgrade", windowBody({ ends_at: iso(T0 + 2 * HOUR) }), BEFORE);
		const auditBefore = await auditFor("login");
		await cycleAt(T0);
		expect(await withSource("login")).toMatchObject({
			state: "MAINTENANCE",
			state_source: "manual",
			public_note: "Login provider migration",
			maintenance_until: iso(T0 + 2 * HOUR),
		});
		const added = (await auditFor("login")).slice(auditBefore.length);
		expect(added).toMatchObject([{ previous_state: "MAINTENANCE", new_state: "MAINTENANCE", actor: "schedule" }]);
		// The window ending does not end it either: the surface ends its maintenance at the end it holds.
		await cycleAt(T0 + HOUR);
		expect((await withSource("login"))?.state).toBe("MAINTENANCE");
		await cycleAt(T0 + 2 * HOUR);
		expect(await withSource("login")).toMatchObject({ state: "OPERATIONAL", maintenance_until: null });
		expectUnbrokenChain(await auditFor("login"));
	});
});

describe("validation: every field, nothing written on rejection", () => {
	const cases: [string, unknown, number, string][] = [
		["empty title", windowBody({ title: "" }), 422, "invalid_public_text"],
		["title over 120", windowBody({ title: "x".repeat(121) }), 422, "invalid_public_text"],
		["title with a bidi override", windowBody({ title: "Upgrade \u202Egnp.exe" }), 422, "invalid_public_text"],
		["note with a control character", windowBody({ public_note: "a\u0007b" }), 422, "invalid_public_text"],
		["note over 280", windowBody({ public_note: "n".repeat(281) }), 422, "invalid_public_text"],
		["no surfaces", windowBody({ surface_ids: [] }), 400, "validation_failed"],
		["a repeated surface", windowBody({ surface_ids: ["login", "login"] }), 400, "validation_failed"],
		["an unknown surface", windowBody({ surface_ids: ["login", "toString"] }), 422, "unknown_surface"],
		["no offset", windowBody({ starts_at: "2026-12-01T10:00:00" }), 400, "validation_failed"],
		["year 2150", windowBody({ ends_at: "2150-01-01T00:00:00Z" }), 400, "validation_failed"],
		["year 1969", windowBody({ starts_at: "1969-12-31T23:00:00Z" }), 400, "validation_failed"],
		["ends before it starts", windowBody({ ends_at: iso(T0 - MINUTE) }), 400, "validation_failed"],
		["longer than 7 days", windowBody({ ends_at: iso(T0 + 7 * 24 * HOUR + 1000) }), 400, "validation_failed"],
		[
			"more than 366 days ahead",
			windowBody({ starts_at: iso(BEFORE + 367 * 24 * HOUR), ends_at: iso(BEFORE + 367 * 24 * HOUR + HOUR) }),
			422,
			"maintenance_too_far_ahead",
		],
		[
			"already over",
			windowBody({ starts_at: iso(BEFORE - 3 * HOUR), ends_at: iso(BEFORE - HOUR) }),
			422,
			"maintenance_until_not_in_future",
		],
		["an unknown field", { ...windowBody(), severity: "down" }, 400, "validation_failed"],
		["malformed JSON", "{", 400, "malformed_json"],
	];
	it.each(cases)("%s", async (_name, body, status, code) => {
		const before = await readTables();
		await expectProblem(await putWindow("checked", body, BEFORE), status, code);
		expect(await readTables()).toEqual(before);
	});

	it("refuses a bad key, a missing token, and an unknown key to cancel", async () => {
		const before = await readTables();
		await expectProblem(await putWindow("bad key!", windowBody(), BEFORE), 400, "validation_failed");
		await expectProblem(await putWindow("fine", windowBody(), BEFORE, null), 401, "unauthorized");
		await expectProblem(await deleteWindow("nobody", BEFORE), 404, "not_found");
		expect(await readTables()).toEqual(before);
	});
});

describe("concurrent writers of one window", () => {
	it("ten identical PUTs at once make one window: one 201, nine unchanged", async () => {
		const responses = await atTime(BEFORE, () =>
			Promise.all(
				Array.from({ length: 10 }, () =>
					putWindow("together", windowBody(), BEFORE).then(async (response) => ({
						status: response.status,
						outcome: (await response.json<{ outcome: string }>()).outcome,
					})),
				),
			),
		);
		expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
		expect(responses.filter((response) => response.outcome === "unchanged")).toHaveLength(9);
		expect((await readTables()).status_maintenances).toHaveLength(1);
	});

	it("a cancel racing the cycle that starts the window leaves the surfaces out of maintenance", async () => {
		await putOk("racing", windowBody(), BEFORE);
		await Promise.all([cycleAt(T0), deleteWindow("racing", T0)]);
		await cycleAt(T0 + MINUTE);
		expect((await surfaceOf("login"))?.state).toBe("OPERATIONAL");
		expect((await readTables()).status_maintenances).toMatchObject([{ status: "cancelled" }]);
		expectUnbrokenChain(await auditFor("login"));
	});
});

describe("a window announced while a cycle runs", () => {
	it("waits for the next cycle instead of going in progress without its surfaces", async () => {
		const urls = await healthyUrls();
		const real = env.DB;
		let reads = 0;
		// The real D1, which announces a window due now right after the cycle's read.
		const racing = {
			prepare: (query: string) => real.prepare(query),
			withSession: (constraint?: D1SessionConstraint) => real.withSession(constraint),
			batch: async (statements: D1PreparedStatement[]) => {
				const results = await real.batch(statements);
				reads += 1;
				if (reads === 1)
					expect((await putWindow("sneaky", windowBody({ surface_ids: ["login"] }), T0)).status).toBe(201);
				return results;
			},
		} as unknown as D1Database;
		// A window the cycle does read as due, so that it changes windows in this batch.
		await putOk("due", windowBody({ surface_ids: ["charts"] }), BEFORE);
		await atTime(T0, () => runCycle({ ...jobEnv(urls), DB: racing }, new Date(T0)));
		expect((await readTables()).status_maintenances).toMatchObject([
			{ key: "due", status: "in_progress" },
			{ key: "sneaky", status: "scheduled" },
		]);
		await cycleAt(T0 + MINUTE);
		expect(await surfaceOf("login")).toMatchObject({ state: "MAINTENANCE", maintenance_until: iso(T0 + 2 * HOUR) });
		expect((await readTables()).status_maintenances).toMatchObject([
			{ status: "in_progress" },
			{ status: "in_progress" },
		]);
	});
});
