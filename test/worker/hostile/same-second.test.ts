import { beforeEach, describe, expect, it } from "vitest";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { updateSurface } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { publicView } from "./support";

// FreeScout's times are seconds: a ticket opened and closed within one second sends two events of
// one update time. Whatever order they arrive in, the close wins.

async function start() {
	await clearTables();
	await updateSurface({ surface_id: "order-placement", state: "OPERATIONAL", state_source: "manual", actor: "ops" });
}

beforeEach(start);

const SECOND = "2026-11-26T08:00:00Z";

const deliveries = {
	relay: (open: boolean) =>
		sendRelay(
			relayBody(
				"conversation.updated",
				{
					id: 9300,
					status: open ? "open" : "closed",
					updated_at: SECOND,
					created_at: SECOND,
					component: "order-placement",
					severity: "down",
					note: open ? "Orders fail" : "Orders fill again",
				},
				`evt-${open}`,
			),
		),
	native: (open: boolean) =>
		sendNative(
			"convo.status",
			nativeBody({
				id: 9300,
				status: open ? "active" : "closed",
				createdAt: SECOND,
				updatedAt: SECOND,
				component: "order-placement",
				severity: "down",
				note: open ? "Orders fail" : "Orders fill again",
			}),
		),
};

interface View {
	surfaces: { id: string; state: string; ticket_pending: boolean }[];
	incidents: { status: string; resolved_at: string | null; updates: { status: string; public_note: string }[] }[];
}

describe("a ticket opened and closed within one second", () => {
	for (const format of ["relay", "native"] as const) {
		it(`${format}: open then close, and close then open, both end resolved and operational, alike`, async () => {
			const views: View[] = [];
			const timelines: unknown[] = [];
			for (const order of [
				[true, false],
				[false, true],
			]) {
				await start();
				for (const open of order) expect((await deliveries[format](open)).status).toBe(200);
				const view = (await publicView()) as View;
				expect(view.incidents).toHaveLength(1);
				expect(view.incidents[0]).toMatchObject({ status: "resolved", resolved_at: new Date(SECOND).toISOString() });
				expect(view.incidents[0]?.updates).toMatchObject([{ status: "resolved", public_note: "Orders fill again" }]);
				const surface = view.surfaces.find((entry) => entry.id === "order-placement");
				expect(surface).toMatchObject({ state: "OPERATIONAL", ticket_pending: false });
				views.push({
					surfaces: view.surfaces.map(({ id, state, ticket_pending }) => ({ id, state, ticket_pending })),
					incidents: view.incidents.map(({ status, resolved_at, updates }) => ({
						status,
						resolved_at,
						updates: updates.map(({ status, public_note }) => ({ status, public_note })),
					})),
				});
				timelines.push(
					(await readTables()).status_incident_events.map(({ id: _id, incident_id: _incident, ...event }) => event),
				);
			}
			expect(views[1]).toEqual(views[0]);
			expect(timelines[1]).toEqual(timelines[0]);
		});
	}

	it("the close's answer says it applied; the open's, arriving after it, says it was outranked (stale)", async () => {
		await deliveries.relay(true);
		expect(await (await deliveries.relay(false)).json()).toMatchObject({ outcome: "applied" });
		expect(await (await deliveries.relay(true)).json()).toMatchObject({
			outcome: "stale",
			reason: "same_time_as_last_applied",
		});
	});
});
