import fc from "fast-check";
import { expect, it } from "vitest";
import type { PublicIncidentsAnswer, PublicSurfacesAnswer } from "../../../src/http/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";

// Property: FreeScout delivers repeatedly and out of order; whatever the order, a ticket ends in
// the state its newest event says, exactly as if the events had come in their true order.

const COMPONENTS = ["login", "charts"] as const;

interface TicketEvent {
	open: boolean;
	component: (typeof COMPONENTS)[number];
	severity: "degraded" | "partial" | "down" | "maintenance";
	note: string;
	format: "native" | "relay";
}

const eventArbitrary = fc.record<TicketEvent>({
	open: fc.boolean(),
	component: fc.constantFrom(...COMPONENTS),
	severity: fc.constantFrom("degraded", "partial", "down", "maintenance"),
	note: fc.constantFrom("Investigating", "Identified", "Monitoring"),
	format: fc.constantFrom("native", "relay"),
});

const CREATED = Date.parse("2026-11-26T06:00:00Z");
const at = (index: number) => new Date(CREATED + (index + 1) * 60_000).toISOString().replace(".000", "");

function deliver(event: TicketEvent, index: number): Promise<Response> {
	const updatedAt = at(index);
	if (event.format === "native") {
		return sendNative(
			"convo.status",
			nativeBody({
				id: 700,
				status: event.open ? "active" : "closed",
				createdAt: "2026-11-26T06:00:00Z",
				updatedAt,
				component: event.component,
				severity: event.severity,
				note: event.note,
			}),
		);
	}
	return sendRelay(
		relayBody("conversation.updated", {
			id: 700,
			status: event.open ? "open" : "closed",
			updated_at: updatedAt,
			created_at: "2026-11-26T06:00:00Z",
			component: event.component,
			severity: event.severity,
			note: event.note,
		}),
	);
}

/** What the public sees of the ticket's surfaces and incident (ids aside: autoincrement moves on). */
async function publicView() {
	const surfaces = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	const incidents = await (await call(PUBLIC_PATHS.incidents)).json<PublicIncidentsAnswer>();
	return {
		surfaces: surfaces.surfaces
			.filter((surface) => (COMPONENTS as readonly string[]).includes(surface.id))
			.map(({ id, state, ticket_pending, public_note }) => ({ id, state, ticket_pending, public_note })),
		incidents: incidents.incidents.map(({ id: _id, ...incident }) => incident),
	};
}

async function replay(events: TicketEvent[], order: number[]) {
	await clearTables();
	for (const surfaceId of COMPONENTS) {
		await updateSurface({ surface_id: surfaceId, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
	}
	for (const index of order) {
		const event = events[index];
		if (!event) throw new Error(`no event ${index}`);
		const response = await deliver(event, index);
		expect(response.status).toBe(200);
	}
	return publicView();
}

const scenario = fc.array(eventArbitrary, { minLength: 1, maxLength: 6 }).chain((events) =>
	fc.record({
		events: fc.constant(events),
		// Every event at least once, in any order, some of them again (FreeScout's retries).
		order: fc
			.tuple(
				fc.shuffledSubarray(
					events.map((_, index) => index),
					{ minLength: events.length, maxLength: events.length },
				),
				fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 4 }),
				fc.array(fc.nat(), { maxLength: 4 }),
			)
			.map(([permutation, replays, positions]) => {
				const order = [...permutation];
				replays.forEach((index, n) => {
					order.splice((positions[n] ?? 0) % (order.length + 1), 0, index);
				});
				return order;
			}),
	}),
);

it("any order of a ticket's events, with replays, ends where the true order ends", async () => {
	await fc.assert(
		fc.asyncProperty(scenario, async ({ events, order }) => {
			const truth = await replay(
				events,
				events.map((_, index) => index),
			);
			const shuffled = await replay(events, order);
			expect(shuffled).toEqual(truth);
		}),
		{ numRuns: runs(40, 1000) },
	);
}, 120_000);
