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

it(
	"any order of a ticket's events, with replays, ends where the true order ends",
	async () => {
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
	},
	runs(120_000, 600_000),
);

// --- Equal seconds: FreeScout's times are seconds, so events of one ticket may share an update time ---

/**
 * Of events of one update time, the one that stands (src/db/incidents/events.ts): a close over an
 * open, then the greater (severity, note, status) as text.
 */
function sameTimeWinner(events: TicketEvent[], statuses: string[], indices: number[]): number {
	const rank = (index: number) => {
		const event = events[index] as TicketEvent;
		return [event.open ? "0" : "1", event.severity, event.note, statuses[index] ?? ""];
	};
	return indices.reduce((best, index) => {
		const [a, b] = [rank(index), rank(best)];
		const greater = a.findIndex((part, n) => part !== b[n]);
		return greater >= 0 && (a[greater] ?? "") > (b[greater] ?? "") ? index : best;
	});
}

/** The timeline the rules give when event `index` has update time slot `slots[index]`. */
function modelTimelineAt(events: TicketEvent[], slots: number[]) {
	const statuses = events.map((event) =>
		!event.open ? "resolved" : event.status === "resolved" ? "monitoring" : (event.status ?? "investigating"),
	);
	const winners = [...new Set(slots)]
		.sort((a, b) => a - b)
		.map((slot) =>
			sameTimeWinner(
				events,
				statuses,
				slots.flatMap((s, index) => (s === slot ? [index] : [])),
			),
		);
	const shown = winners
		.map((index) => ({
			id: new Date(at(slots[index] ?? 0)).toISOString().replace(/[-:.]/g, ""),
			status: statuses[index],
			severity: events[index]?.severity,
			public_note: events[index]?.note,
			at: new Date(at(slots[index] ?? 0)).toISOString(),
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

async function replayAt(events: TicketEvent[], slots: number[], order: number[]) {
	await clearTables();
	for (const surfaceId of COMPONENTS) {
		await updateSurface({ surface_id: surfaceId, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
	}
	for (const index of order) {
		const event = events[index];
		if (!event) throw new Error(`no event ${index}`);
		const response = await deliver(event, slots[index] ?? 0);
		expect(response.status).toBe(200);
	}
	return publicView();
}

const sameSecondScenario = fc.array(eventArbitrary, { minLength: 2, maxLength: 6 }).chain((events) =>
	fc.record({
		events: fc.constant(events),
		// Few slots for many events: most scenarios put two or more events in one second.
		slots: fc.array(fc.nat({ max: 2 }), { minLength: events.length, maxLength: events.length }),
		orders: fc.tuple(
			...[0, 1].map(() =>
				fc.shuffledSubarray(
					events.map((_, index) => index),
					{ minLength: events.length, maxLength: events.length },
				),
			),
		),
	}),
);

it(
	"events of one update time merge alike in any order: a close wins, then a fixed rank",
	async () => {
		await fc.assert(
			fc.asyncProperty(sameSecondScenario, async ({ events, slots, orders }) => {
				const [first, second] = orders;
				const one = await replayAt(events, slots, first as number[]);
				const other = await replayAt(events, slots, second as number[]);
				expect(other).toEqual(one);
				const [incident] = one.incidents;
				expect(incident?.updates).toEqual(modelTimelineAt(events, slots));
				expect(incident?.status).toBe(modelTimelineAt(events, slots)[0]?.status);
			}),
			{ numRuns: runs(40, 1000) },
		);
	},
	runs(120_000, 600_000),
);

it("an open and a close of one second end resolved, in both arrival orders and both formats", async () => {
	for (const [openFormat, closeFormat] of [
		["native", "native"],
		["relay", "relay"],
		["native", "relay"],
		["relay", "native"],
	] as const) {
		const open: TicketEvent = {
			open: true,
			component: "login",
			severity: "down",
			note: "Investigating",
			status: undefined,
			format: openFormat,
		};
		const close: TicketEvent = { ...open, open: false, note: "Monitoring", format: closeFormat };
		for (const order of [
			[0, 1],
			[1, 0],
		]) {
			const view = await replayAt([open, close], [0, 0], order);
			expect(view.incidents[0]?.status, `${openFormat} ${closeFormat} ${order}`).toBe("resolved");
			expect(view.surfaces.find((surface) => surface.id === "login")).toMatchObject({
				state: "OPERATIONAL",
				ticket_pending: false,
			});
		}
	}
});
