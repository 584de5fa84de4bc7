import fc from "fast-check";
import { expect, it } from "vitest";
import type { PublicIncidentsAnswer } from "../../../src/http/incidents/schemas";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";

// Property: FreeScout delivers repeatedly and out of order; whatever the order, a ticket ends in
// the state its newest event says, exactly as if the events had come in their true order, and its
// incident's timeline is the same, and the one a model of the rules computes.

const COMPONENTS = ["login", "charts"] as const;

interface TicketEvent {
	open: boolean;
	component: (typeof COMPONENTS)[number];
	severity: "degraded" | "partial" | "down" | "maintenance";
	note: string;
	/** The incident status field; undefined: the ticket has none. */
	status: "investigating" | "identified" | "monitoring" | "resolved" | undefined;
	format: "native" | "relay";
}

const eventArbitrary = fc.record<TicketEvent>({
	open: fc.boolean(),
	component: fc.constantFrom(...COMPONENTS),
	severity: fc.constantFrom("degraded", "partial", "down", "maintenance"),
	note: fc.constantFrom("Investigating", "Identified", "Monitoring"),
	status: fc.constantFrom(undefined, "investigating", "identified", "monitoring", "resolved"),
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
				...(event.status === undefined ? {} : { incidentStatus: event.status }),
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
			...(event.status === undefined ? {} : { incidentStatus: event.status }),
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
		incidents: incidents.incidents.map(({ id: _id, updates, ...incident }) => ({
			...incident,
			// An update's id is the incident's and the ticket time: the time part is what must agree.
			updates: updates.map(({ id, ...update }) => ({ ...update, id: id.replace(/^upd_\d+_/, "") })),
		})),
	};
}

/**
 * The timeline the rules give, written apart from src/: each event's status (closed: resolved;
 * open: the field, `resolved` read as `monitoring`, none as `investigating`), then every event whose
 * status, severity or note differs from the one before it, newest first.
 */
function modelTimeline(events: TicketEvent[]) {
	const statuses = events.map((event) =>
		!event.open ? "resolved" : event.status === "resolved" ? "monitoring" : (event.status ?? "investigating"),
	);
	const shown = events
		.map((event, index) => ({
			id: new Date(at(index)).toISOString().replace(/[-:.]/g, ""),
			status: statuses[index],
			severity: event.severity,
			public_note: event.note,
			at: new Date(at(index)).toISOString(),
		}))
		.filter(
			(update, index, all) =>
				index === 0 ||
				update.status !== all[index - 1]?.status ||
				update.severity !== all[index - 1]?.severity ||
				update.public_note !== all[index - 1]?.public_note,
		);
	return shown.reverse();
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
			const [incident] = truth.incidents;
			expect(truth.incidents).toHaveLength(1);
			expect(incident?.updates).toEqual(modelTimeline(events));
			expect(incident?.status).toBe(modelTimeline(events)[0]?.status);
		}),
		{ numRuns: runs(40, 1000) },
	);
}, 120_000);
