import { beforeEach, describe, expect, it } from "vitest";
import { MAX_CLOCK_SKEW_MS } from "../../../src/domain/instants";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { FUTURE_TICKET_TIMES, TICKET_TIME_FIELDS } from "./corpus";
import { expectRefused, publicView } from "./support";

// Outside times that order or gate state are checked against the Worker's clock, not a calendar.

beforeEach(clearTables);

const NOW = Date.parse("2026-12-01T10:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const TICKET = 9100;

const relay = (status: "open" | "closed", updatedAt: string, extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		...JSON.parse(
			relayBody("conversation.updated", {
				id: TICKET,
				status,
				updated_at: updatedAt,
				created_at: iso(NOW - 60 * 60_000),
				component: "order-placement",
				severity: "down",
				note: "Orders fail",
			}),
		),
		...extra,
	});

/** A native conversation, its times at `updatedAt` unless `fields` says otherwise. */
const native = (status: "active" | "closed", updatedAt: string, fields: Record<string, unknown> = {}) =>
	JSON.stringify({
		...JSON.parse(
			nativeBody({
				id: TICKET,
				status,
				createdAt: iso(NOW - 60 * 60_000),
				updatedAt,
				component: "order-placement",
				severity: "down",
				note: "Orders fail",
			}),
		),
		...fields,
	});

const withTicketField = (body: string, field: string, value: string) => {
	const parsed = JSON.parse(body) as { ticket: Record<string, unknown> };
	parsed.ticket[field] = value;
	return JSON.stringify(parsed);
};

/** An open incident at NOW - 10 minutes, what the public sees of it, and every table. */
async function openIncident() {
	const opened = await atTime(NOW, () => sendRelay(relay("open", iso(NOW - 10 * 60_000))));
	expect(opened.status).toBe(200);
	return { view: await publicView(), tables: await readTables() };
}

/** The close that must still apply after a refused delivery: the surface is operational again. */
async function closeApplies() {
	const closed = await atTime(NOW + 60_000, () => sendRelay(relay("closed", iso(NOW + 60_000))));
	expect(await closed.json()).toMatchObject({ outcome: "applied" });
	expect(JSON.stringify(await publicView())).toMatch(/"id":"order-placement"[^}]*"state":"OPERATIONAL"/);
}

describe("a ticket time past the Worker's clock by more than the skew", () => {
	for (const [name, far] of Object.entries(FUTURE_TICKET_TIMES(NOW))) {
		for (const field of TICKET_TIME_FIELDS.relay) {
			it(`relay ${field} ${name}: 422 instant_in_future, nothing written, a later close applies`, async () => {
				const { view, tables } = await openIncident();
				const body = withTicketField(relay("open", iso(NOW - 5 * 60_000)), field, far);
				const problem = await atTime(NOW, async () => expectRefused(await sendRelay(body), field, 422));
				expect(problem.code).toBe("instant_in_future");
				expect(problem.detail).toContain("5 minutes");
				expect(await readTables()).toEqual(tables);
				expect(await publicView()).toEqual(view);
				await closeApplies();
			});
		}
		for (const field of TICKET_TIME_FIELDS.native) {
			it(`native ${field} ${name}: 422 instant_in_future, nothing written, a later close applies`, async () => {
				const { view, tables } = await openIncident();
				const body = native("active", iso(NOW - 5 * 60_000), { [field]: far });
				const problem = await atTime(NOW, async () =>
					expectRefused(await sendNative("convo.status", body), field, 422),
				);
				expect(problem.code).toBe("instant_in_future");
				expect(await readTables()).toEqual(tables);
				expect(await publicView()).toEqual(view);
				await closeApplies();
			});
		}
	}

	it("the issue's case: a signed event dated 2099 cannot pin the incident, its surface or the feed", async () => {
		await openIncident();
		const future = await atTime(NOW, () => sendRelay(relay("open", "2099-01-01T00:00:00Z")));
		expect((await expectRefused(future, "2099", 422)).code).toBe("instant_in_future");
		await closeApplies();
		const { incidents } = (await publicView()) as { incidents: { status: string; resolved_at: string | null }[] };
		expect(incidents[0]).toMatchObject({ status: "resolved", resolved_at: iso(NOW + 60_000) });
	});

	it("the edge: exactly the skew past the clock is accepted, a millisecond more refused", async () => {
		const edge = await atTime(NOW, () => sendRelay(relay("open", iso(NOW + MAX_CLOCK_SKEW_MS))));
		expect(await edge.json()).toMatchObject({ outcome: "applied" });
		const tables = await readTables();
		const over = await atTime(NOW, () => sendRelay(relay("closed", iso(NOW + MAX_CLOCK_SKEW_MS + 1))));
		expect((await expectRefused(over, "skew + 1 ms", 422)).code).toBe("instant_in_future");
		expect(await readTables()).toEqual(tables);
	});
});

describe("a ticket created after its update", () => {
	it("relay and native: 422 created_after_updated, nothing written; created at its update time is accepted", async () => {
		const { tables } = await openIncident();
		const updated = iso(NOW - 5 * 60_000);
		const later = iso(NOW - 4 * 60_000);
		const relayed = withTicketField(relay("open", updated), "created_at", later);
		const refusedRelay = await atTime(NOW, async () => expectRefused(await sendRelay(relayed), "relay", 422));
		expect(refusedRelay.code).toBe("created_after_updated");
		// FreeScout orders by the latest of its times, so createdAt is compared with that latest.
		const nativeLate = native("active", updated, { createdAt: later });
		const refusedNative = await atTime(NOW, async () =>
			expectRefused(await sendNative("convo.status", nativeLate), "native", 422),
		);
		expect(refusedNative.code).toBe("created_after_updated");
		expect(await readTables()).toEqual(tables);
		const same = withTicketField(relay("open", updated), "created_at", updated);
		expect((await atTime(NOW, () => sendRelay(same))).status).toBe(200);
	});
});

describe("far-future times in fields that order nothing", () => {
	it("thread entries and relay envelope times are not read: the delivery applies, and later ones still order", async () => {
		const threads = [{ id: 1, type: "message", createdAt: "2099-12-31T23:59:59Z", updatedAt: "2099-12-31T23:59:59Z" }];
		const withThreads = native("active", iso(NOW - 10 * 60_000), { threads });
		expect(await (await atTime(NOW, () => sendNative("convo.status", withThreads))).json()).toMatchObject({
			outcome: "applied",
		});
		const envelope = relay("open", iso(NOW - 5 * 60_000), { occurred_at: "2099-12-31T23:59:59Z" });
		expect(await (await atTime(NOW, () => sendRelay(envelope))).json()).toMatchObject({ outcome: "applied" });
		await closeApplies();
	});
});
