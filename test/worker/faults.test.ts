import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { INTERNAL_PATHS } from "../../src/paths";
import { countingD1 } from "./support/counting-d1";
import { relayBody, relaySignature, WEBHOOK_PATH } from "./support/freescout";
import { BASE_URL, CURRENT_TOKEN, expectProblem } from "./support/http";
import { clearTables, EMPTY_TABLES, readTables } from "./support/tables";

beforeEach(clearTables);

// A statement that violates a CHECK constraint, run last in the write's batch: by then the write's
// own statements have executed, so only D1's rollback of the whole batch leaves nothing behind.
const violatesConstraint = () =>
	env.DB.prepare(
		"INSERT INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, updated_at) VALUES ('fault', 'ON_FIRE', 'x', 'manual', 0, 'x')",
	);

const EMPTY = EMPTY_TABLES;

describe("a D1 failure in the middle of a write", () => {
	const writes: [string, () => Promise<Request>][] = [
		[
			"update-surface",
			async () =>
				new Request(`${BASE_URL}${INTERNAL_PATHS.updateSurface}`, {
					method: "POST",
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
					body: JSON.stringify({
						surface_id: "portfolio",
						state: "DOWN",
						state_source: "manual",
						actor: "ops",
						ticket_pending: true,
					}),
				}),
		],
		[
			"freescout-webhook",
			async () => {
				const body = relayBody("conversation.created", {
					id: 77,
					status: "open",
					updated_at: "2026-11-26T08:00:00Z",
					component: "portfolio",
					severity: "partial",
				});
				return new Request(`${BASE_URL}${WEBHOOK_PATH}`, {
					method: "POST",
					headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await relaySignature(body) },
					body,
				});
			},
		],
	];

	for (const [name, request] of writes) {
		for (const fault of [
			"an injected error before commit",
			"a constraint violation after the write's statements ran",
		]) {
			// An outage is 503 with Retry-After; a broken constraint is a bug of ours (500, logged),
			// never a 503 that would have the sender retry a write that can never succeed.
			const outage = fault.startsWith("an injected");
			it(`${name}: ${fault} leaves nothing, answers ${outage ? "503 + Retry-After" : "500, not 503"}; the retry applies exactly once`, async () => {
				const probe = countingD1(env.DB);
				if (outage) probe.failNextBatches = 1;
				else probe.appendToNextBatch = violatesConstraint();
				const app = createApp();
				const send = async () => app.fetch(await request(), { ...env, DB: probe.db }, createExecutionContext());

				const failed = await send();
				if (outage) {
					await expectProblem(failed, 503, "storage_unavailable");
					expect(failed.headers.get("Retry-After")).toBe("5");
				} else {
					await expectProblem(failed, 500, "internal_error");
					expect(failed.headers.get("Retry-After")).toBeNull();
				}
				expect(await readTables()).toEqual(EMPTY);

				for (let retry = 0; retry < 3; retry += 1) expect((await send()).status).toBe(200);
				const tables = await readTables();
				expect(tables.surface_state).toHaveLength(1);
				expect(tables.status_audit_log).toHaveLength(1);
				expect(tables.status_incidents).toHaveLength(name === "freescout-webhook" ? 1 : 0);
			});
		}
	}
});
