import { beforeEach, describe, expect, it } from "vitest";
import { ATLASSIAN_V2_PATHS, maintenancePath, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { TEST_SECRETS } from "../../test-secrets";
import { HOUR, iso, windowBody } from "../maintenance/support";
import { nativeBody, relayBody, sendNative, sendRelay, WEBHOOK_PATH } from "../support/freescout";
import { CURRENT_TOKEN, call, updateSurface } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { ILL_FORMED_PUBLIC_TEXTS, UNUSUAL_ACCEPTED_TEXTS } from "./corpus";
import { expectRefused, withinDeadline } from "./support";

// The public-text rule, the same for every writer: refused with 422 invalid_public_text naming the
// field and nothing written, or stored and read back unchanged.

beforeEach(clearTables);

const noteOn = (surface_id: string, public_note: string) =>
	updateSurface({ surface_id, state: "DOWN", state_source: "manual", actor: "ops", public_note });

// Windows start tomorrow by the real clock (the Worker's clock is not faked here).
const startsAt = Date.now() + 24 * HOUR;

function putWindowNow(key: string, fields: { title?: string; public_note?: string | null }): Promise<Response> {
	return call(maintenancePath(key), {
		method: "PUT",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
		body: JSON.stringify(windowBody({ ...fields, starts_at: iso(startsAt), ends_at: iso(startsAt + HOUR) })),
	});
}

const relayNote = (id: number, note: string, updatedAt = "2026-11-26T08:00:00Z") =>
	relayBody("conversation.created", {
		id,
		status: "open",
		updated_at: updatedAt,
		component: "charts",
		severity: "down",
		note,
	});

const nativeNote = (id: number, note: string) =>
	nativeBody({
		id,
		status: "active",
		createdAt: "2026-11-26T07:00:00Z",
		updatedAt: "2026-11-26T08:00:00Z",
		component: "charts",
		severity: "down",
		note,
	});

async function expectPublicTextRefused(response: Response, what: string, field?: string): Promise<void> {
	const problem = await expectRefused(response, what, 422);
	expect(problem.code, what).toBe("invalid_public_text");
	if (field !== undefined)
		expect(
			problem.errors?.map((error) => error.path),
			what,
		).toEqual([field]);
}

/** Every string value in a JSON answer. */
function stringsOf(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(stringsOf);
	if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsOf);
	return [];
}

async function publicStrings(path: string): Promise<string[]> {
	forgetIsolateCopies();
	const response = await call(path);
	expect(response.status, path).toBe(200);
	return stringsOf(await response.json());
}

describe("ill-formed or invisible public text: refused the same way by every writer, nothing written", () => {
	for (const [name, text] of Object.entries(ILL_FORMED_PUBLIC_TEXTS)) {
		it(`${name}: 422 invalid_public_text from update-surface, maintenance title and note, the relay and FreeScout`, async () => {
			const before = await readTables();
			await expectPublicTextRefused(await noteOn("charts", text), `update-surface ${name}`, "public_note");
			await expectPublicTextRefused(await putWindowNow("hostile", { title: text }), `title ${name}`, "title");
			await expectPublicTextRefused(
				await putWindowNow("hostile", { public_note: text }),
				`maintenance note ${name}`,
				"public_note",
			);
			if (text.trim() === "") {
				// FreeScout sends a cleared custom field as blank: no note, and nothing invisible stored.
				expect((await sendRelay(relayNote(8400, text))).status, name).toBe(200);
				const { status_incidents } = await readTables();
				expect(status_incidents.map((incident) => incident.public_note)).toEqual([null]);
				return;
			}
			await expectPublicTextRefused(await withinDeadline(sendRelay(relayNote(8400, text)), name), `relay ${name}`);
			await expectPublicTextRefused(await sendNative("convo.created", nativeNote(8401, text)), `native ${name}`);
			expect(await readTables(), name).toEqual(before);
		});
	}

	it("a body that is not well-formed UTF-8 (a surrogate's bytes) is refused whole, not stored as U+FFFD", async () => {
		const before = await readTables();
		// "\ud800" as WTF-8/CESU-8 would send it: ED A0 80, which UTF-8 forbids.
		const withBytes = (json: string) => {
			const [head = "", tail = ""] = json.split("SURROGATE");
			const encoder = new TextEncoder();
			return new Uint8Array([...encoder.encode(head), 0xed, 0xa0, 0x80, ...encoder.encode(tail)]);
		};
		const update = withBytes(
			JSON.stringify({
				surface_id: "charts",
				state: "DOWN",
				state_source: "manual",
				actor: "ops",
				public_note: "aSURROGATE",
			}),
		);
		const headers = { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN };
		const refused = await call("/api/internal/status/update-surface", { method: "POST", headers, body: update });
		expect((await expectRefused(refused, "update-surface bytes", 400)).code).toBe("malformed_json");
		const window = withBytes(JSON.stringify(windowBody({ title: "Upgrade SURROGATE" })));
		const put = await call(maintenancePath("bytes"), { method: "PUT", headers, body: window });
		expect((await expectRefused(put, "maintenance bytes", 400)).code).toBe("malformed_json");
		const relay = withBytes(relayNote(8500, "Slow SURROGATE"));
		const key = await crypto.subtle.importKey(
			"raw",
			new TextEncoder().encode(TEST_SECRETS.FREESCOUT_WEBHOOK_SECRET),
			{ name: "HMAC", hash: "SHA-256" },
			false,
			["sign"],
		);
		const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, relay));
		const signature = `sha256=${[...mac].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
		const webhook = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-FreeScout-Signature": signature },
			body: relay,
		});
		expect((await expectRefused(webhook, "relay bytes", 400)).code).toBe("malformed_json");
		expect(await readTables()).toEqual(before);
	});
});

describe("accepted public text: stored and read back unchanged, and writing it again changes nothing", () => {
	for (const [name, text] of Object.entries(UNUSUAL_ACCEPTED_TEXTS)) {
		it(`${name}: every public JSON read gives it back byte for byte; a repeated write is a no-op`, async () => {
			const surface = await noteOn("charts", text);
			expect(surface.status, await surface.clone().text()).toBe(200);
			expect((await surface.json<{ surface: { public_note: string } }>()).surface.public_note).toBe(text);
			const titleFits = [...text].length <= 120;
			const window = await putWindowNow("unusual", { title: titleFits ? text : "Upgrade", public_note: text });
			expect(window.status, await window.clone().text()).toBe(201);
			const relay = await sendRelay(relayNote(8600, text));
			expect(relay.status, await relay.clone().text()).toBe(200);

			for (const path of [
				PUBLIC_PATHS.surfaces,
				PUBLIC_PATHS.incidents,
				PUBLIC_PATHS.maintenances,
				ATLASSIAN_V2_PATHS.summary,
				ATLASSIAN_V2_PATHS.incidents,
				ATLASSIAN_V2_PATHS.maintenances,
			]) {
				expect(await publicStrings(path), path).toContain(text);
			}
			const { incidents } = (await (await call(PUBLIC_PATHS.incidents)).json()) as { incidents: { id: string }[] };
			const incidentPath = PUBLIC_PATHS.incident.replace("{id}", incidents[0]?.id ?? "");
			expect(await publicStrings(incidentPath)).toContain(text);
			const tables = await readTables();
			const stored = stringsOf(tables);
			expect(stored.filter((value) => value === text).length).toBeGreaterThanOrEqual(titleFits ? 4 : 3);

			// The same writes again: nothing new anywhere (no audit row, no timeline entry).
			const again = await noteOn("charts", text);
			expect((await again.json<{ changed: boolean }>()).changed).toBe(false);
			const sameWindow = await putWindowNow("unusual", { title: titleFits ? text : "Upgrade", public_note: text });
			expect(sameWindow.status).toBe(200);
			expect((await sameWindow.json<{ outcome: string }>()).outcome).toBe("unchanged");
			expect((await sendRelay(relayNote(8600, text))).status).toBe(200);
			const after = await readTables();
			expect(after.status_audit_log).toEqual(tables.status_audit_log);
			expect(after.status_incident_events).toEqual(tables.status_incident_events);
			expect(after.status_incidents).toEqual(tables.status_incidents);
		});
	}
});
