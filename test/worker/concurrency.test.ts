import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { relayBody, sendRelay } from "./support/freescout";
import { updateSurface } from "./support/http";
import { expectInvariants, expectTicketPendingFollowsIncidents } from "./support/invariants";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "./support/jobs";
import { clearTables } from "./support/tables";

beforeEach(clearTables);

const STATES = ["OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN"] as const;
const SEVERITIES = ["degraded", "partial", "down", "maintenance"] as const;

interface TicketEvent {
	ticketId: number;
	surfaceId: string;
	open: boolean;
	minute: number;
}

/** 100 writers at once: manual and automated writes, FreeScout events and poll cycles. */
async function mixedWriters(surfaces: readonly string[]) {
	const healthy = await healthyUrls();
	const flapping = await scriptedUrl([
		ok({ status: { indicator: "none" } }),
		ok({ status: { indicator: "major" } }),
		ok({ status: { indicator: "minor" } }),
		{ status: 503, body: "down" },
	]);
	const cycleEnv = jobEnv({ ...healthy, partners: { ...healthy.partners, cloudflare: flapping } });
	const events: TicketEvent[] = [];
	const writers: (() => Promise<unknown>)[] = [];
	for (let index = 0; index < 100; index += 1) {
		const surfaceId = surfaces[index % surfaces.length] ?? "cloudflare";
		switch (index % 5) {
			case 0:
			case 1:
				writers.push(() =>
					updateSurface({
						surface_id: surfaceId,
						state: STATES[index % STATES.length],
						state_source: index % 10 === 1 ? "3p_poller" : "manual",
						actor: `writer-${index}`,
					}),
				);
				break;
			case 2:
			case 3: {
				const event = { ticketId: (index % 7) + 1, surfaceId, open: index % 3 !== 0, minute: index };
				events.push(event);
				writers.push(() =>
					sendRelay(
						relayBody("conversation.updated", {
							id: event.ticketId,
							status: event.open ? "open" : "closed",
							updated_at: new Date(Date.UTC(2026, 10, 26, 8, event.minute)).toISOString(),
							created_at: "2026-11-26T07:00:00Z",
							component: event.surfaceId,
							severity: SEVERITIES[index % SEVERITIES.length],
						}),
					),
				);
				break;
			}
			default:
				writers.push(() => runCycle(cycleEnv, new Date(Date.UTC(2026, 10, 26, 9, index))));
		}
	}
	const answers = await Promise.all(writers.map((write) => write()));
	for (const answer of answers) {
		if (answer instanceof Response) {
			expect(answer.status).toBe(200);
			await answer.body?.cancel();
		}
	}
	return events;
}

async function expectTicketsEndAtTheirNewestEvent(events: TicketEvent[]) {
	const newest = new Map<number, TicketEvent>();
	for (const event of events) {
		const seen = newest.get(event.ticketId);
		if (!seen || event.minute > seen.minute) newest.set(event.ticketId, event);
	}
	const { results } = await env.DB.prepare(
		"SELECT freescout_ticket_id AS ticket, surface_id, resolved_at FROM status_incidents",
	).all<{ ticket: number; surface_id: string; resolved_at: string | null }>();
	expect(results).toHaveLength(newest.size);
	for (const incident of results) {
		const event = newest.get(incident.ticket);
		expect(incident.surface_id).toBe(event?.surfaceId);
		expect(incident.resolved_at === null).toBe(event?.open);
	}
}

describe("100 concurrent mixed writers", () => {
	it("on one surface: the invariants hold", async () => {
		const events = await mixedWriters(["cloudflare"]);
		await expectInvariants();
		await expectTicketPendingFollowsIncidents();
		await expectTicketsEndAtTheirNewestEvent(events);
	});

	it("across surfaces: the invariants hold", async () => {
		const events = await mixedWriters(["cloudflare", "login", "deposits", "app-raxx-app", "heroku"]);
		await expectInvariants();
		await expectTicketPendingFollowsIncidents();
		await expectTicketsEndAtTheirNewestEvent(events);
	});
});
