import { beforeEach, describe, expect, it } from "vitest";
import {
	nativeBody,
	nativeSignature,
	relayBody,
	relaySignature,
	sendNative,
	sendRelay,
	WEBHOOK_PATH,
} from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { FORBIDDEN_CHARACTERS, noteWith, OVERSIZED_NOTES, PROTOTYPE_KEYS, SWAPPED_EVENTS } from "./corpus";
import { expectRefused, publicView, withinDeadline } from "./support";

// Hostile ids and signatures, through the webhook and update-surface.

beforeEach(clearTables);

const liveTicket = (updatedAt: string, extra: Partial<Parameters<typeof nativeBody>[0]> = {}) =>
	nativeBody({
		id: 8100,
		status: "active",
		createdAt: "2026-11-26T08:00:00Z",
		updatedAt,
		component: "order-execution",
		severity: "down",
		note: "Orders are not filling",
		...extra,
	});

describe("the FreeScout event name, which the signature does not cover", () => {
	it("cannot resolve, reopen or change a live incident: a captured delivery replayed under any other event name changes nothing", async () => {
		expect((await sendNative("convo.status", liveTicket("2026-11-26T09:00:00Z"))).status).toBe(200);
		const during = await publicView();
		const tables = await readTables();
		expect(JSON.stringify(during)).toContain('"state":"DOWN"');
		for (const event of SWAPPED_EVENTS) {
			const response = await withinDeadline(sendNative(event, liveTicket("2026-11-26T09:00:00Z")), event);
			expect(response.status, event).toBe(200);
			await response.body?.cancel();
			expect(await publicView(), event).toEqual(during);
			expect(await readTables(), event).toEqual(tables);
		}
	});

	it("ignores events outside the allow-list, even with a valid body", async () => {
		for (const event of ["convo.evil", "toString", "customer.deleted", "convo.created.x"]) {
			const response = await sendNative(event, liveTicket("2026-11-26T09:00:00Z"));
			expect(await response.json(), event).toMatchObject({ outcome: "ignored", reason: "not_a_ticket_event" });
		}
		expect((await readTables()).status_incidents).toEqual([]);
	});

	it("an open event at the same ticket update time as a close applied does not flip the state back", async () => {
		const at = "2026-11-26T10:00:00Z";
		await sendNative("convo.status", liveTicket(at, { status: "closed" }));
		const shown = await publicView();
		const answer = await sendNative("convo.status", liveTicket(at, { status: "active" }));
		expect(await answer.json()).toMatchObject({ outcome: "stale", reason: "same_time_as_last_applied" });
		expect(await publicView()).toEqual(shown);
		// The ticket moving on still applies.
		await sendNative("convo.status", liveTicket("2026-11-26T10:00:01Z", { status: "active" }));
		expect(await publicView()).not.toEqual(shown);
	});
});

describe("public text from every writer follows one rule", () => {
	const hostileNotes: Record<string, string> = {
		...Object.fromEntries(Object.entries(FORBIDDEN_CHARACTERS).map(([name, character]) => [name, noteWith(character)])),
		...OVERSIZED_NOTES,
	};

	for (const [name, note] of Object.entries(hostileNotes)) {
		it(`${name}: refused from update-surface, the relay and FreeScout (422); nothing written`, async () => {
			const before = await readTables();
			await expectRefused(
				await updateSurface({
					surface_id: "charts",
					state: "DOWN",
					state_source: "manual",
					actor: "ops",
					public_note: note,
				}),
				`update-surface ${name}`,
				422,
			);
			const relay = relayBody("conversation.created", {
				id: 8200,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				component: "charts",
				severity: "down",
				note,
			});
			const relayProblem = await expectRefused(await withinDeadline(sendRelay(relay), name), `relay ${name}`, 422);
			expect(relayProblem.code).toBe("invalid_public_text");
			const native = await sendNative("convo.created", liveTicket("2026-11-26T08:00:00Z", { note }));
			expect((await expectRefused(native, `native ${name}`, 422)).code).toBe("invalid_public_text");
			expect(await readTables()).toEqual(before);
		});
	}

	it("the same rule lets ordinary text through: 280 emoji, line breaks, tabs, accents, right-to-left script", async () => {
		for (const note of [
			"📉".repeat(280),
			"Line one\nline two\twith a tab",
			"Échec partiel — lenteurs",
			"تأخير في تنفيذ الأوامر",
		]) {
			const relay = relayBody("conversation.created", {
				id: 8300,
				status: "open",
				updated_at: new Date(Date.UTC(2026, 10, 26, 8, 0, note.length)).toISOString(),
				component: "charts",
				severity: "degraded",
				note,
			});
			expect((await sendRelay(relay)).status, note).toBe(200);
		}
	});

	it("a second ticket with a hostile note cannot freeze a surface DOWN: it is refused, and the first one's end is shown", async () => {
		const ticket = (id: number, status: "open" | "closed", at: string, note: string) =>
			relayBody("conversation.updated", { id, status, updated_at: at, component: "deposits", severity: "down", note });
		expect((await sendRelay(ticket(8401, "open", "2026-11-26T08:00:00Z", "Deposits failing"))).status).toBe(200);
		const refused = await sendRelay(ticket(8402, "open", "2026-11-26T08:01:00Z", "a".repeat(2000)));
		expect(refused.status).toBe(422);
		await refused.body?.cancel();
		expect((await sendRelay(ticket(8401, "closed", "2026-11-26T09:00:00Z", "Fixed"))).status).toBe(200);
		expect(JSON.stringify(await publicView())).toMatch(/"id":"deposits"[^}]*"state":"OPERATIONAL"/);
	});
});

describe("ticket words that name Object.prototype members", () => {
	it("are unknown severities and components (422), never a 500, and write nothing", async () => {
		const before = await readTables();
		for (const word of PROTOTYPE_KEYS) {
			const severity = relayBody("conversation.created", {
				id: 8500,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				component: "charts",
				severity: word,
			});
			expect((await expectRefused(await sendRelay(severity), `severity ${word}`, 422)).code).toBe("unknown_severity");
			const component = relayBody("conversation.created", {
				id: 8501,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				component: word,
			});
			expect((await expectRefused(await sendRelay(component), `component ${word}`, 422)).code).toBe("unknown_surface");
		}
		expect(await readTables()).toEqual(before);
	});
});

describe("smaller leaks", () => {
	it("repeated deliveries take no incident id: the next ticket's public id follows the last one", async () => {
		const first = relayBody("conversation.created", {
			id: 8600,
			status: "open",
			updated_at: "2026-11-26T08:00:00Z",
			component: "charts",
		});
		const ids: string[] = [];
		for (let delivery = 0; delivery < 10; delivery += 1) {
			ids.push(((await (await sendRelay(first)).json()) as { incident: { id: string } }).incident.id);
		}
		expect(new Set(ids).size).toBe(1);
		const second = relayBody("conversation.created", {
			id: 8601,
			status: "open",
			updated_at: "2026-11-26T08:00:00Z",
			component: "charts",
		});
		const next = ((await (await sendRelay(second)).json()) as { incident: { id: string } }).incident.id;
		expect(Number(next.slice(4))).toBe(Number(ids[0]?.slice(4)) + 1);
	});

	it("each format is accepted with its own HMAC only: a relay body signed SHA-1, a native one signed SHA-256, are 401", async () => {
		const before = await readTables();
		const relay = relayBody("conversation.created", {
			id: 8700,
			status: "open",
			updated_at: "2026-11-26T08:00:00Z",
			component: "charts",
		});
		const relayAsNative = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await nativeSignature(relay) },
			body: relay,
		});
		expect((await expectRefused(relayAsNative, "relay signed SHA-1", 401)).code).toBe("unauthorized");
		const native = liveTicket("2026-11-26T08:00:00Z");
		const nativeAsRelay = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				"X-FreeScout-Event": "convo.created",
				"X-FreeScout-Signature": await relaySignature(native),
			},
			body: native,
		});
		expect((await expectRefused(nativeAsRelay, "native signed SHA-256", 401)).code).toBe("unauthorized");
		expect(await readTables()).toEqual(before);
	});
});
