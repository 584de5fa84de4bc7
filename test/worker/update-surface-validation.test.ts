import { beforeAll, describe, expect, it } from "vitest";
import { MAX_WINDOW_DAYS, MAX_WINDOW_MS } from "../../src/domain/maintenance-window";
import { INTERNAL_PATHS } from "../../src/paths";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "./support/http";
import { clearTables, readTables, type Tables } from "./support/tables";

const valid = {
	surface_id: "app-raxx-app",
	state: "DEGRADED",
	state_source: "manual",
	actor: "ops",
	public_note: "Investigating login issues",
	ticket_pending: true,
};

let baseline: Tables;

beforeAll(async () => {
	await clearTables();
	// A surface with history, so "nothing changed" is checked against real rows, not empty tables.
	expect((await updateSurface({ ...valid, surface_id: "login" })).status).toBe(200);
	baseline = await readTables();
	expect(baseline.surface_state).toHaveLength(1);
});

async function expectRejected(response: Response, status: number, code: string) {
	const problem = await expectProblem(response, status, code);
	expect(await readTables()).toEqual(baseline);
	return problem;
}

describe("update-surface rejects bad input before writing anything", () => {
	it("400 for malformed JSON", async () => {
		await expectRejected(await updateSurface('{"surface_id": "app-raxx-app", "state": '), 400, "malformed_json");
		await expectRejected(await updateSurface(""), 400, "malformed_json");
	});

	it("415 for a content type other than JSON", async () => {
		await expectRejected(
			await updateSurface(JSON.stringify(valid), { contentType: "text/plain" }),
			415,
			"unsupported_media_type",
		);
		await expectRejected(
			await updateSurface(new URLSearchParams({ surface_id: "app-raxx-app" }).toString(), {
				contentType: "application/x-www-form-urlencoded",
			}),
			415,
			"unsupported_media_type",
		);
	});

	it("413 for a body over 16 KiB, with or without Content-Length", async () => {
		const huge = JSON.stringify({ ...valid, public_note: "x".repeat(17 * 1024) });
		await expectRejected(await updateSurface(huge), 413, "payload_too_large");

		const chunks = new TextEncoder().encode(huge);
		const chunked = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let offset = 0; offset < chunks.length; offset += 1024) {
					controller.enqueue(chunks.subarray(offset, offset + 1024));
				}
				controller.close();
			},
		});
		const response = await call(INTERNAL_PATHS.updateSurface, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
			body: chunked,
		});
		await expectRejected(response, 413, "payload_too_large");
	});

	it("400 for an unknown field, naming it", async () => {
		const problem = await expectRejected(await updateSurface({ ...valid, colour: "red" }), 400, "validation_failed");
		expect(JSON.stringify(problem.errors)).toContain("colour");
	});

	it("400 for a bad enum, a wrong type or a missing field, listing each", async () => {
		const problem = await expectRejected(
			await updateSurface({
				surface_id: "app-raxx-app",
				state: "ON_FIRE",
				state_source: "manual",
				ticket_pending: "yes",
			}),
			400,
			"validation_failed",
		);
		expect(problem.errors?.map((error) => error.path).sort()).toEqual(["actor", "state", "ticket_pending"]);
		await expectRejected(await updateSurface({ ...valid, state_source: "pagerduty" }), 400, "validation_failed");
		await expectRejected(await updateSurface([valid]), 400, "validation_failed");
	});

	it("400 for a FreeScout source, which writes through its webhook", async () => {
		await expectRejected(await updateSurface({ ...valid, state_source: "freescout" }), 400, "validation_failed");
	});

	it("422 for a public note over 280 characters or with control characters; 280 is fine", async () => {
		await expectRejected(await updateSurface({ ...valid, public_note: "a".repeat(281) }), 422, "invalid_public_text");
		await expectRejected(await updateSurface({ ...valid, public_note: "nul\u0000byte" }), 422, "invalid_public_text");
		// 280 characters that are 560 UTF-16 units: the limit counts characters, as SQLite does.
		const emoji = "📉".repeat(280);
		const accepted = await updateSurface({ ...valid, surface_id: "charts", public_note: emoji });
		expect(accepted.status).toBe(200);
		await clearTables();
		expect((await updateSurface({ ...valid, surface_id: "login" })).status).toBe(200);
		baseline = await readTables();
	});

	it("400 for maintenance_until without MAINTENANCE, or not an instant", async () => {
		const until = new Date(Date.now() + 3_600_000).toISOString();
		await expectRejected(await updateSurface({ ...valid, maintenance_until: until }), 400, "validation_failed");
		await expectRejected(
			await updateSurface({ ...valid, state: "MAINTENANCE", maintenance_until: "tomorrow" }),
			400,
			"validation_failed",
		);
	});

	it("422 for a maintenance window that has already ended", async () => {
		await expectRejected(
			await updateSurface({ ...valid, state: "MAINTENANCE", maintenance_until: "2020-01-01T00:00:00Z" }),
			422,
			"maintenance_until_not_in_future",
		);
	});

	it("422 for a maintenance_until past the longest a maintenance lasts (7 days); 7 days is fine", async () => {
		for (const until of ["2099-12-31T23:59:59Z", new Date(Date.now() + MAX_WINDOW_MS + 60_000).toISOString()]) {
			const problem = await expectRejected(
				await updateSurface({ ...valid, state: "MAINTENANCE", maintenance_until: until }),
				422,
				"maintenance_too_far_ahead",
			);
			expect(problem.detail).toContain(`${MAX_WINDOW_DAYS} days`);
		}
		const week = new Date(Date.now() + MAX_WINDOW_MS - 60_000).toISOString();
		const accepted = await updateSurface({ ...valid, state: "MAINTENANCE", maintenance_until: week });
		expect(accepted.status).toBe(200);
		await clearTables();
		expect((await updateSurface({ ...valid, surface_id: "login" })).status).toBe(200);
		baseline = await readTables();
	});

	it("422 for a surface that is not registered", async () => {
		const problem = await expectRejected(
			await updateSurface({ ...valid, surface_id: "no-such-surface" }),
			422,
			"unknown_surface",
		);
		expect(problem.detail).toContain("no-such-surface");
	});

	it("answers every rejection without caching", async () => {
		const response = await updateSurface({ ...valid, surface_id: "no-such-surface" });
		expect(response.headers.get("Cache-Control")).toBe("no-store");
		await response.body?.cancel();
	});
});
