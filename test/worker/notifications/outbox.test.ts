import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { seedSurfaces } from "../../../src/verbs/seed-surfaces";
import { cycleAt, deleteWindow, HOUR, MINUTE, putOk, T0, windowBody } from "../maintenance/support";
import { relayBody, sendRelay } from "../support/freescout";
import { updateSurface } from "../support/http";
import { clearTables } from "../support/tables";

// Every committed change people are told about has exactly one outbox row, written in the change's
// own batch; a change that changed nothing has none.

beforeEach(async () => {
	await clearTables();
	// A surface's first row is no change of state: the surfaces exist, as after `npm start`.
	await seedSurfaces(env.DB, "test", new Date());
});

interface EventLine {
	type: string | null;
	subject_kind: string;
	subject_id: string | null;
	sequence: number | null;
}

async function events(): Promise<EventLine[]> {
	const { results } = await env.DB.prepare(
		"SELECT type, subject_kind, subject_id, sequence FROM notification_events ORDER BY occurred_at, rowid",
	).all<EventLine>();
	return results;
}

const typesOf = (lines: EventLine[], kind: string) =>
	lines.filter((line) => line.subject_kind === kind).map((line) => [line.type, line.sequence]);

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute)).toISOString();

function relay(minute: number, rest: Record<string, unknown> = {}) {
	return sendRelay(
		relayBody("conversation.updated", {
			id: 71,
			status: "open",
			updated_at: at(minute),
			component: "login",
			severity: "partial",
			note: "Logins are slow",
			...rest,
		}),
	);
}

describe("the outbox", () => {
	it("a ticket's incident: created, updated, resolved, each once, in sequence; a repeated or stale delivery adds none", async () => {
		expect((await relay(0)).status).toBeLessThan(300);
		expect((await relay(0)).status).toBeLessThan(300); // the same delivery again
		expect((await relay(5, { incidentStatus: "identified" })).status).toBeLessThan(300);
		expect((await relay(3, { note: "older" })).status).toBeLessThan(300); // stale: history only
		expect((await relay(9, { status: "closed" })).status).toBeLessThan(300);

		const lines = await events();
		expect(typesOf(lines, "incident")).toEqual([
			["incident.created", 1],
			["incident.updated", 2],
			["incident.resolved", 3],
		]);
		const [incident] = (await env.DB.prepare("SELECT id FROM status_incidents").all<{ id: number }>()).results;
		expect(new Set(lines.filter((line) => line.subject_kind === "incident").map((line) => line.subject_id))).toEqual(
			new Set([String(incident?.id)]),
		);
		// The surface went PARTIAL and back: two state changes, opt-in events of their own.
		expect(typesOf(lines, "surface")).toEqual([
			["surface.state_changed", 1],
			["surface.state_changed", 2],
		]);
		expect(lines.every((line) => line.type !== null)).toBe(true);
	});

	it("an operator's state change is an event; the same write again, or a note alone, is none; notify: false is none", async () => {
		const write = {
			surface_id: "charts",
			state: "DEGRADED",
			state_source: "manual",
			actor: "ops",
			public_note: "Slow charts",
		};
		expect((await updateSurface(write)).status).toBe(200);
		expect((await updateSurface(write)).status).toBe(200);
		expect((await updateSurface({ ...write, public_note: "Charts lag by a minute" })).status).toBe(200);
		expect(typesOf(await events(), "surface")).toEqual([["surface.state_changed", 1]]);

		expect((await updateSurface({ ...write, state: "OPERATIONAL", notify: false })).status).toBe(200);
		expect(typesOf(await events(), "surface")).toEqual([["surface.state_changed", 1]]);
		expect((await updateSurface({ ...write, state: "DOWN" })).status).toBe(200);
		expect(typesOf(await events(), "surface")).toEqual([
			["surface.state_changed", 1],
			["surface.state_changed", 2],
		]);
	});

	it("a window: scheduled, updated, started and completed by the cron; a repeated PUT adds none", async () => {
		const body = windowBody({
			starts_at: new Date(T0 + HOUR).toISOString(),
			ends_at: new Date(T0 + 2 * HOUR).toISOString(),
		});
		await putOk("db-upgrade", body, T0);
		await putOk("db-upgrade", body, T0 + MINUTE);
		await putOk("db-upgrade", { ...body, title: "Database upgrade, part 1" }, T0 + 2 * MINUTE);
		await cycleAt(T0 + HOUR);
		await cycleAt(T0 + HOUR + MINUTE); // nothing new
		await cycleAt(T0 + 2 * HOUR);
		expect(typesOf(await events(), "maintenance")).toEqual([
			["maintenance.scheduled", 1],
			["maintenance.updated", 2],
			["maintenance.started", 3],
			["maintenance.completed", 4],
		]);
	});

	it("a cancelled window is one event; cancelling it again adds none", async () => {
		await putOk("later", windowBody({ starts_at: new Date(T0 + HOUR).toISOString() }), T0);
		expect((await deleteWindow("later", T0 + MINUTE)).status).toBeLessThan(300);
		expect((await deleteWindow("later", T0 + 2 * MINUTE)).status).toBeLessThan(300);
		expect(typesOf(await events(), "maintenance")).toEqual([
			["maintenance.scheduled", 1],
			["maintenance.cancelled", 2],
		]);
	});

	it("a window that passed while the cron did not run completes without an event", async () => {
		await putOk(
			"missed",
			windowBody({ starts_at: new Date(T0 + HOUR).toISOString(), ends_at: new Date(T0 + 2 * HOUR).toISOString() }),
			T0,
		);
		await cycleAt(T0 + 3 * HOUR);
		expect(typesOf(await events(), "maintenance")).toEqual([["maintenance.scheduled", 1]]);
	});
});
