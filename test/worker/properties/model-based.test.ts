import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { LISTED_WINDOWS_PER_STATUS, MAX_OPEN_WINDOWS } from "../../../src/domain/maintenance-window";
import type { PublicIncidentsAnswer } from "../../../src/http/incidents/schemas";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { maintenancePath, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import {
	FORBIDDEN_CHARACTERS,
	HOSTILE_INSTANTS,
	ILL_FORMED_PUBLIC_TEXTS,
	noteWith,
	PROTOTYPE_KEYS,
	SWAPPED_EVENTS,
} from "../hostile/corpus";
import { cycleAt } from "../maintenance/support";
import { insertSubscriber } from "../notifications/support";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { CURRENT_TOKEN, call, updateSurface } from "../support/http";
import { expectInvariants } from "../support/invariants";
import { jobEnv, ok, runCycle, type Scripted, scriptedUrl } from "../support/jobs";
import { expectOutboxInvariants } from "../support/outbox-invariants";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { PARTNERS, type Severity, type Source, type State, StatusModel, WindowModel } from "./status-model";

// Model-based: random sequences of commands go to the Worker and to StatusModel; after every step
// the public surfaces and incidents must be the model's, and the invariants must hold.
// Replay a failure: STATUS_MODEL_SEED=<seed> STATUS_MODEL_PATH=<path> npm test -- model-based

const SURFACES_IN_PLAY = ["login", "cloudflare", "withdrawals"] as const;
const STATES: State[] = ["OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE", "UNKNOWN"];
const FAILURES_TO_UNKNOWN = 2;

type Command =
	| { kind: "manual"; surfaceId: string; state: State; note: string | null; ticketPending?: boolean; window: boolean }
	| { kind: "automated"; surfaceId: string; source: Source; state: State }
	| {
			kind: "ticket";
			ticketId: number;
			surfaceId: string;
			open: boolean;
			severity: Severity;
			note: string | null;
			format: "native" | "relay";
	  }
	| { kind: "replay"; pick: number }
	| { kind: "cycle"; cloudflare: State | "FAILED" | Hostile; late: boolean }
	// Scheduled maintenance: a window announced from now for an hour, started by a cycle.
	| { kind: "window"; surfaceIds: string[] }
	// Hostile input: refused, or a replay under a swapped event name; the model is unchanged.
	| { kind: "hostile"; attack: "note" | "severity" | "instant"; ticketId: number; surfaceId: string; value: string }
	| { kind: "swapped-event"; pick: number; event: string };

/** A partner page whose indicator names an Object.prototype member: an unknown word, read as DEGRADED. */
type Hostile = `word:${string}`;

const surface = fc.constantFrom(...SURFACES_IN_PLAY);
const note = fc.constantFrom(null, "Investigating", "Monitoring a fix");

const command: fc.Arbitrary<Command> = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant("manual" as const),
			surfaceId: surface,
			state: fc.constantFrom(...STATES),
			note,
			ticketPending: fc.option(fc.boolean(), { nil: undefined }),
			window: fc.boolean(),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant("automated" as const),
			surfaceId: surface,
			source: fc.constantFrom<Source>("3p_poller", "prober", "schedule"),
			state: fc.constantFrom(...STATES),
		}),
	},
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant("ticket" as const),
			ticketId: fc.integer({ min: 1, max: 3 }),
			surfaceId: surface,
			open: fc.boolean(),
			severity: fc.constantFrom<Severity>("degraded", "partial", "down", "maintenance"),
			note,
			format: fc.constantFrom("native" as const, "relay" as const),
		}),
	},
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant("replay" as const), pick: fc.nat() }) },
	{
		weight: 1,
		arbitrary: fc.oneof(
			fc.record({
				kind: fc.constant("hostile" as const),
				attack: fc.constant("note" as const),
				ticketId: fc.integer({ min: 1, max: 3 }),
				surfaceId: surface,
				value: fc.oneof(
					fc.constantFrom(...Object.values(FORBIDDEN_CHARACTERS)).map(noteWith),
					fc.integer({ min: 281, max: 2000 }).map((length) => "n".repeat(length)),
					// Ill-formed, invisible or zalgo text; a blank field is a cleared one, not an attack.
					fc.constantFrom(...Object.values(ILL_FORMED_PUBLIC_TEXTS).filter((text) => text.trim() !== "")),
				),
			}),
			fc.record({
				kind: fc.constant("hostile" as const),
				attack: fc.constant("severity" as const),
				ticketId: fc.integer({ min: 1, max: 3 }),
				surfaceId: surface,
				value: fc.constantFrom(...PROTOTYPE_KEYS),
			}),
			fc.record({
				kind: fc.constant("hostile" as const),
				attack: fc.constant("instant" as const),
				ticketId: fc.integer({ min: 1, max: 3 }),
				surfaceId: surface,
				value: fc.oneof(
					fc.constantFrom(...HOSTILE_INSTANTS),
					fc
						.integer({ min: 0, max: 99_999 })
						.filter((year) => year < 2000 || year > 2099)
						.map(
							(year) =>
								`${year > 9999 ? `+${String(year).padStart(6, "0")}` : String(year).padStart(4, "0")}-03-01T12:00:00Z`,
						),
				),
			}),
		),
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant("swapped-event" as const),
			pick: fc.nat(),
			event: fc.constantFrom(...SWAPPED_EVENTS),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant("cycle" as const),
			cloudflare: fc.constantFrom<State | "FAILED" | Hostile>(
				"OPERATIONAL",
				"DEGRADED",
				"PARTIAL",
				"DOWN",
				"MAINTENANCE",
				"FAILED",
				"word:toString",
				"word:__proto__",
			),
			late: fc.boolean(),
		}),
	},
);

const windowCommand: fc.Arbitrary<Command> = fc.record({
	kind: fc.constant("window" as const),
	surfaceIds: fc.shuffledSubarray([...SURFACES_IN_PLAY], { minLength: 1 }),
});

const INDICATOR: Record<string, string> = {
	OPERATIONAL: "none",
	DEGRADED: "minor",
	PARTIAL: "major",
	DOWN: "critical",
	MAINTENANCE: "maintenance",
};

let healthyPage: string;
let herokuPage: string;
let probeTarget: string;
const pages = new Map<string, string>();

beforeAll(async () => {
	healthyPage = await scriptedUrl([ok({ status: { indicator: "none" } })]);
	herokuPage = await scriptedUrl([ok({ status: [{ system: "Apps", status: "green" }] })]);
	probeTarget = await scriptedUrl([{ status: 200, body: "ok" }]);
	for (const state of [...Object.keys(INDICATOR), "FAILED"]) {
		const response: Scripted =
			state === "FAILED" ? { status: 503, body: "down" } : ok({ status: { indicator: INDICATOR[state] } });
		pages.set(state, await scriptedUrl([response]));
	}
	for (const word of ["toString", "__proto__"]) {
		pages.set(`word:${word}`, await scriptedUrl([ok({ status: { indicator: word } })]));
	}
});

interface Delivery {
	ticketId: number;
	version: number;
	command: Extract<Command, { kind: "ticket" }>;
}

/** The swapped event names the Worker reads a body under (its allow-list); the others it ignores. */
const SWAPPED_EVENTS_READ = new Set(["convo.deleted", "convo.deleted_forever", "convo.restored", "convo.status"]);

async function deliver(
	{ ticketId, version, command: event }: Delivery,
	nativeEvent = "convo.status",
): Promise<Response> {
	const createdAt = `2026-11-26T06:0${ticketId}:00Z`;
	const updatedAt = new Date(Date.UTC(2026, 10, 26, 7, 0, version)).toISOString().replace(".000", "");
	if (event.format === "native") {
		return sendNative(
			nativeEvent,
			nativeBody({
				id: ticketId,
				status: event.open ? "active" : "closed",
				createdAt,
				updatedAt,
				component: event.surfaceId,
				severity: event.severity,
				...(event.note === null ? {} : { note: event.note }),
			}),
		);
	}
	return sendRelay(
		relayBody("conversation.updated", {
			id: ticketId,
			status: event.open ? "open" : "closed",
			updated_at: updatedAt,
			created_at: createdAt,
			component: event.surfaceId,
			severity: event.severity,
			...(event.note === null ? {} : { note: event.note }),
		}),
	);
}

function updateWindow(key: string, body: unknown): Promise<Response> {
	return call(maintenancePath(key), {
		method: "PUT",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
		body: JSON.stringify(body),
	});
}

async function workerView() {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	const incidents = await (await call(PUBLIC_PATHS.incidents)).json<PublicIncidentsAnswer>();
	return {
		states: board.surfaces.map((entry) => ({
			id: entry.id,
			state: entry.state,
			ticket_pending: entry.ticket_pending,
			public_note: entry.public_note,
			in_window: entry.maintenance_until !== null,
		})),
		incidents: incidents.incidents
			.map(({ surface_id, severity, status, public_note }) => ({ surface_id, severity, status, public_note }))
			.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
	};
}

async function apply(step: Command, model: StatusModel, deliveries: Delivery[], version: number): Promise<void> {
	switch (step.kind) {
		case "manual": {
			const window = step.state === "MAINTENANCE" && step.window;
			const response = await updateSurface({
				surface_id: step.surfaceId,
				state: step.state,
				state_source: "manual",
				actor: "ops",
				public_note: step.note,
				...(step.ticketPending === undefined ? {} : { ticket_pending: step.ticketPending }),
				...(window ? { maintenance_until: new Date(Date.now() + 3_600_000).toISOString() } : {}),
			});
			expect(response.status).toBe(200);
			model.httpWrite(step.surfaceId, {
				state: step.state,
				source: "manual",
				note: step.note,
				...(step.ticketPending === undefined ? {} : { ticketPending: step.ticketPending }),
				windowEnd: window ? model.nextWindow() : null,
			});
			return;
		}
		case "automated": {
			const response = await updateSurface({
				surface_id: step.surfaceId,
				state: step.state,
				state_source: step.source,
				actor: step.source,
			});
			expect(response.status).toBe(200);
			model.httpWrite(step.surfaceId, { state: step.state, source: step.source, note: null, windowEnd: null });
			return;
		}
		case "ticket":
		case "replay": {
			const delivery =
				step.kind === "ticket"
					? { ticketId: step.ticketId, version, command: step }
					: deliveries[step.pick % Math.max(1, deliveries.length)];
			if (!delivery) return;
			if (step.kind === "ticket") deliveries.push(delivery);
			expect((await deliver(delivery)).status).toBe(200);
			const { surfaceId, severity, note, open } = delivery.command;
			model.ticketEvent(delivery.ticketId, { surfaceId, severity, note, open }, delivery.version);
			return;
		}
		case "window": {
			// Announced to start now; the cycle that follows starts it (its surfaces first, then the polls).
			const now = Date.now();
			const response = await updateWindow(`window-${version}`, {
				title: "Planned work",
				public_note: "Planned work",
				surface_ids: step.surfaceIds,
				starts_at: new Date(now - 1000).toISOString(),
				ends_at: new Date(now + 3_600_000).toISOString(),
			});
			expect(response.status).toBe(201);
			for (const surfaceId of step.surfaceIds) model.windowStart(surfaceId, "Planned work");
			await apply({ kind: "cycle", cloudflare: "OPERATIONAL", late: false }, model, deliveries, version);
			return;
		}
		case "cycle": {
			const cycleEnv = jobEnv(
				{
					partners: {
						cloudflare: pages.get(step.cloudflare) ?? healthyPage,
						alpaca: healthyPage,
						plaid: healthyPage,
						heroku: herokuPage,
					},
					probes: { "app-raxx-app": probeTarget, "public-api": probeTarget },
				},
				{ STATUS_POLL_FAILURES_TO_UNKNOWN: String(FAILURES_TO_UNKNOWN), STATUS_PROBE_STREAK: "1000000" },
			);
			await runCycle(cycleEnv, new Date(Date.now() + (step.late ? 2 * 3_600_000 : 0)));
			const cloudflare = step.cloudflare.startsWith("word:") ? "DEGRADED" : (step.cloudflare as State | "FAILED");
			model.cycle(
				Object.fromEntries(
					PARTNERS.map((partner) => [partner, partner === "cloudflare" ? cloudflare : "OPERATIONAL"]),
				) as Record<(typeof PARTNERS)[number], State | "FAILED">,
				step.late,
			);
			return;
		}
		case "hostile": {
			const at = new Date(Date.UTC(2026, 10, 26, 9, 0, version)).toISOString();
			const body = relayBody("conversation.updated", {
				id: step.ticketId,
				status: "open",
				updated_at: step.attack === "instant" ? step.value : at,
				component: step.surfaceId,
				severity: step.attack === "severity" ? step.value : "down",
				note: step.attack === "note" ? step.value : "Hostile",
			});
			const response = await sendRelay(body);
			expect(response.status, `${step.attack} ${JSON.stringify(step.value).slice(0, 60)}`).toBe(
				step.attack === "instant" ? 400 : 422,
			);
			await response.body?.cancel();
			return;
		}
		case "swapped-event": {
			// A captured native delivery sent again under another event name: a replay, nothing more.
			const natives = deliveries.filter((delivery) => delivery.command.format === "native");
			const delivery = natives[step.pick % Math.max(1, natives.length)];
			if (!delivery) return;
			expect((await deliver(delivery, step.event)).status).toBe(200);
			const { surfaceId, severity, note, open } = delivery.command;
			if (SWAPPED_EVENTS_READ.has(step.event)) {
				model.ticketEvent(delivery.ticketId, { surfaceId, severity, note, open }, delivery.version);
			}
			return;
		}
	}
}

/** Subscribers of every filter: all lifecycle events; state changes of one surface; incidents of two. */
async function subscribe(): Promise<void> {
	const url = await scriptedUrl([{ status: 204, body: "" }]);
	await insertSubscriber({ url });
	await insertSubscriber({ url, kind: "slack", events: ["surface.state_changed"], surfaceIds: ["login"] });
	await insertSubscriber({
		url,
		kind: "discord",
		events: ["incident.created", "incident.resolved", "surface.state_changed"],
		surfaceIds: ["cloudflare", "withdrawals"],
	});
}

it(
	"random command sequences leave the Worker showing what the model shows, invariants whole, each change told to exactly its subscribers",
	async () => {
		const seed = env.MODEL_SEED ? Number(env.MODEL_SEED) : undefined;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.oneof({ weight: 12, arbitrary: command }, { weight: 1, arbitrary: windowCommand }), {
					minLength: 30,
					maxLength: 30,
				}),
				async (commands) => {
					await clearTables();
					await subscribe();
					const model = new StatusModel(FAILURES_TO_UNKNOWN);
					const deliveries: Delivery[] = [];
					for (const [index, step] of commands.entries()) {
						await apply(step, model, deliveries, index + 1);
						const actual = await workerView();
						const expected = model.publicView();
						if (JSON.stringify(actual) !== JSON.stringify(expected)) {
							expect({ step: index, command: step, ...actual }).toEqual({ step: index, command: step, ...expected });
						}
						await expectInvariants();
					}
					await expectOutboxInvariants();
				},
			),
			{
				numRuns: runs(200, 2000),
				...(seed === undefined ? {} : { seed, path: env.MODEL_PATH || undefined, endOnFailure: true }),
			},
		);
		// About a second a run on two cores: the stress runs need most of an hour.
	},
	runs(1_800_000, 5_400_000),
);

// Maintenance windows: many surfaces, overlapping windows, cancelled in the middle, announced past
// the cap. After every step the surfaces' maintenance (state, end, note) is WindowModel's, the public
// list is bounded and counts the rest, and a cancelled window is announced as cancelled in the feeds.

const WINDOW_SURFACES = ["login", "charts", "withdrawals", "deposits"] as const;
const WINDOW_NOTES = ["Database upgrade", "Broker migration", "Cache flush"] as const;
const WINDOW_T0 = Date.parse("2026-12-01T10:00:00Z");

type WindowStep =
	| { kind: "announce"; surfaceIds: string[]; startMinutes: number; minutes: number; note: string }
	| { kind: "crowd"; count: number }
	| { kind: "cancel"; pick: number }
	| { kind: "cycle"; minutes: number };

const windowStep: fc.Arbitrary<WindowStep> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc.record({
			kind: fc.constant("announce" as const),
			surfaceIds: fc.subarray([...WINDOW_SURFACES], { minLength: 1 }),
			startMinutes: fc.integer({ min: 0, max: 60 }),
			minutes: fc.integer({ min: 5, max: 180 }),
			note: fc.constantFrom(...WINDOW_NOTES),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant("crowd" as const), count: fc.integer({ min: 5, max: 30 }) }) },
	{ weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }) },
	{
		weight: 4,
		arbitrary: fc.record({ kind: fc.constant("cycle" as const), minutes: fc.integer({ min: 1, max: 90 }) }),
	},
);

async function windowView(at: number) {
	forgetIsolateCopies();
	const board = await atTime(at, async () => (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>());
	return WINDOW_SURFACES.map((id) => {
		const entry = board.surfaces.find((each) => each.id === id);
		return {
			id,
			state: entry?.state,
			until: entry?.maintenance_until ? Date.parse(entry.maintenance_until) : null,
			note: entry?.public_note ?? null,
		};
	});
}

it("random window writers and cycles leave each surface's maintenance as the windows in progress say", async () => {
	await fc.assert(
		fc.asyncProperty(fc.array(windowStep, { minLength: 8, maxLength: 16 }), async (steps) => {
			await clearTables();
			let now = WINDOW_T0 - 3_600_000;
			await atTime(now, async () => {
				for (const surface_id of WINDOW_SURFACES) {
					await updateSurface({ surface_id, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
				}
			});
			const model = new WindowModel(WINDOW_SURFACES, MAX_OPEN_WINDOWS);
			let keys = 0;
			const announce = async (window: Parameters<typeof model.announce>[0]) => {
				const response = await atTime(now, () =>
					updateWindow(window.key, {
						title: window.note,
						public_note: window.note,
						surface_ids: window.surfaceIds,
						starts_at: new Date(window.start).toISOString(),
						ends_at: new Date(window.end).toISOString(),
					}),
				);
				const accepted = model.announce(window, now);
				expect(response.status, `announce ${window.key}`).toBe(accepted ? 201 : 422);
				await response.body?.cancel();
			};
			for (const [index, step] of steps.entries()) {
				now += 7_000;
				if (step.kind === "announce" || step.kind === "crowd") {
					const count = step.kind === "crowd" ? step.count : 1;
					for (let each = 0; each < count; each += 1) {
						keys += 1;
						await announce({
							key: `w${keys}`,
							surfaceIds: step.kind === "announce" ? step.surfaceIds : [...WINDOW_SURFACES],
							start: now + (step.kind === "announce" ? step.startMinutes : 30) * 60_000,
							end: now + (step.kind === "announce" ? step.startMinutes + step.minutes : 45 + each) * 60_000,
							note: step.kind === "announce" ? step.note : `Crowd ${keys}`,
						});
					}
				} else if (step.kind === "cancel") {
					const live = model.windows.filter(
						(window) => window.status === "scheduled" || window.status === "in_progress",
					);
					const target = live[step.pick % Math.max(1, live.length)];
					if (!target) continue;
					const response = await atTime(now, () =>
						call(maintenancePath(target.key), {
							method: "DELETE",
							headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
						}),
					);
					model.cancel(target.key, now);
					expect(response.status, `cancel ${target.key}`).toBe(200);
					const answer = await response.json<{ maintenance: { id: string } }>();
					forgetIsolateCopies();
					const atom = await atTime(now, async () => (await call(PUBLIC_PATHS.feedAtom)).text());
					expect(atom).toContain(`#${answer.maintenance.id}_cancelled</id>`);
				} else {
					now += step.minutes * 60_000;
					await cycleAt(now);
					model.cycle(now);
				}
				const expected = WINDOW_SURFACES.map((id) => {
					const surface = model.surfaces.get(id);
					return { id, state: surface?.state, until: surface?.until ?? null, note: surface?.note ?? null };
				});
				const actual = await windowView(now);
				if (JSON.stringify(actual) !== JSON.stringify(expected)) {
					expect({ step: index, command: step, actual }).toEqual({ step: index, command: step, actual: expected });
				}
				expect(model.open(now).length).toBeLessThanOrEqual(MAX_OPEN_WINDOWS);
				forgetIsolateCopies();
				const list = await atTime(now, async () =>
					(await call(PUBLIC_PATHS.maintenances)).json<{
						maintenances: { status: string }[];
						unlisted: Record<string, number>;
					}>(),
				);
				for (const status of ["in_progress", "scheduled", "completed", "cancelled"]) {
					const listed = list.maintenances.filter((window) => window.status === status).length;
					expect(listed).toBeLessThanOrEqual(LISTED_WINDOWS_PER_STATUS);
					if ((list.unlisted[status] ?? 0) > 0) expect(listed).toBe(LISTED_WINDOWS_PER_STATUS);
				}
				await expectInvariants();
			}
		}),
		{ numRuns: runs(12, 400) },
	);
}, 1_800_000);

// --- Ticket times past the Worker's clock: refused among the other commands, the model unchanged ---

type FutureTicket = {
	kind: "future-ticket";
	ticketId: number;
	surfaceId: string;
	format: "native" | "relay";
	field: "updated" | "created";
	/** Minutes past the Worker's clock (more than the 5 minutes' skew). */
	aheadMinutes: number;
};

const futureTicket: fc.Arbitrary<FutureTicket> = fc.record({
	kind: fc.constant("future-ticket" as const),
	ticketId: fc.integer({ min: 1, max: 3 }),
	surfaceId: surface,
	format: fc.constantFrom("native" as const, "relay" as const),
	field: fc.constantFrom("updated" as const, "created" as const),
	aheadMinutes: fc.oneof(fc.integer({ min: 10, max: 600 }), fc.integer({ min: 600, max: 60 * 24 * 365 * 70 })),
});

function sendFutureTicket(step: FutureTicket): Promise<Response> {
	const ahead = new Date(Math.min(Date.now() + step.aheadMinutes * 60_000, Date.UTC(2099, 11, 31)))
		.toISOString()
		.replace(".000", "");
	const past = "2026-11-26T07:30:00Z";
	const [updatedAt, createdAt] = step.field === "updated" ? [ahead, "2026-11-26T06:00:00Z"] : [past, ahead];
	if (step.format === "native") {
		return sendNative(
			"convo.status",
			nativeBody({
				id: step.ticketId,
				status: "active",
				createdAt,
				updatedAt,
				component: step.surfaceId,
				severity: "down",
			}),
		);
	}
	return sendRelay(
		relayBody("conversation.updated", {
			id: step.ticketId,
			status: "open",
			updated_at: updatedAt,
			created_at: createdAt,
			component: step.surfaceId,
			severity: "down",
		}),
	);
}

it("ticket times past the Worker's clock are refused (422) among random commands, and change nothing the model shows", async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.oneof({ weight: 3, arbitrary: command }, { weight: 1, arbitrary: futureTicket }), {
				minLength: 12,
				maxLength: 12,
			}),
			async (commands) => {
				await clearTables();
				const model = new StatusModel(FAILURES_TO_UNKNOWN);
				const deliveries: Delivery[] = [];
				for (const [index, step] of commands.entries()) {
					if (step.kind === "future-ticket") {
						const response = await sendFutureTicket(step);
						expect(response.status, JSON.stringify(step)).toBe(422);
						expect((await response.json<{ code: string }>()).code).toBe("instant_in_future");
					} else {
						await apply(step, model, deliveries, index + 1);
					}
					const actual = await workerView();
					const expected = model.publicView();
					if (JSON.stringify(actual) !== JSON.stringify(expected)) {
						expect({ step: index, command: step, ...actual }).toEqual({ step: index, command: step, ...expected });
					}
					await expectInvariants();
				}
			},
		),
		{ numRuns: runs(20, 500) },
	);
}, 600_000);
