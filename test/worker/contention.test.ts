import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CONTENTION_RETRY_AFTER_SECONDS } from "../../src/http/problem";
import { maintenancePath } from "../../src/paths";
import { HOUR, iso, windowBody } from "./maintenance/support";
import { CURRENT_TOKEN, call, updateSurface } from "./support/http";
import { expectInvariants } from "./support/invariants";
import { clearTables } from "./support/tables";
import { atTime } from "./uptime/support";

// Writers racing for one row: a write whose optimistic retries run out answers a contention problem
// of its own, never a 500.

const WRITERS = 30;
const SURFACES = windowBody().surface_ids ?? [];

beforeEach(async () => {
	await clearTables();
	for (const surface_id of SURFACES) {
		const answer = await updateSurface({ surface_id, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
		expect(answer.status).toBe(200);
	}
});

function putRacingWindow(title: string, hours: number): Promise<Response> {
	const startsAt = Date.now() + 24 * HOUR;
	return call(maintenancePath("racing-key"), {
		method: "PUT",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
		body: JSON.stringify(windowBody({ title, starts_at: iso(startsAt), ends_at: iso(startsAt + hours * HOUR) })),
	});
}

describe("thirty concurrent PUTs of one maintenance key", () => {
	it("answer 2xx or 503 write_contention with Retry-After, never 500, and the tables stay consistent", async () => {
		expect((await putRacingWindow("Upgrade", 1)).status).toBe(201);
		// The clock stands still: every writer stamps the same millisecond, the hardest case for
		// telling which write landed.
		const answers = await atTime(Date.now(), () =>
			Promise.all(Array.from({ length: WRITERS }, (_, index) => putRacingWindow(`Upgrade ${index}`, (index % 5) + 2))),
		);
		const replaced: string[] = [];
		for (const [index, answer] of answers.entries()) {
			const text = await answer.text();
			if (answer.status === 503) {
				const problem = JSON.parse(text) as { code: string; type: string; detail: string };
				expect(problem.code, text).toBe("write_contention");
				expect(problem.type).toBe("urn:status-d1:problem:write_contention");
				expect(problem.detail).toContain("racing-key");
				expect(answer.headers.get("Content-Type")).toBe("application/problem+json");
				expect(answer.headers.get("Retry-After")).toBe(String(CONTENTION_RETRY_AFTER_SECONDS));
			} else {
				expect(answer.status, text).toBe(200);
				expect((JSON.parse(text) as { outcome: string }).outcome).toBe("replaced");
				replaced.push(`Upgrade ${index}`);
			}
		}
		expect(replaced.length).toBeGreaterThan(0);

		// One window, as a write that won left it; the announcement and each write that won recorded
		// on both surfaces.
		const { results: windows } = await env.DB.prepare(
			"SELECT title, status FROM status_maintenances WHERE key = 'racing-key'",
		).all<{ title: string; status: string }>();
		expect(windows).toHaveLength(1);
		expect(replaced).toContain(windows[0]?.title);
		expect(windows[0]?.status).toBe("scheduled");
		const { results: audit } = await env.DB.prepare(
			"SELECT count(*) AS rows FROM status_audit_log WHERE source = 'schedule'",
		).all<{ rows: number }>();
		// Exactly: a write that loses, even in the very millisecond another wins, leaves no audit row.
		expect(audit[0]?.rows).toBe((1 + replaced.length) * SURFACES.length);
		await expectInvariants();
	});

	it("announcing one window thirty times at once: one created, the rest unchanged, one announcement recorded", async () => {
		const startsAt = Date.now() + 24 * HOUR;
		const body = JSON.stringify(
			windowBody({ title: "Upgrade", starts_at: iso(startsAt), ends_at: iso(startsAt + HOUR) }),
		);
		const answers = await atTime(Date.now(), () =>
			Promise.all(
				Array.from({ length: WRITERS }, () =>
					call(maintenancePath("racing-key"), {
						method: "PUT",
						headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
						body,
					}),
				),
			),
		);
		const outcomes = await Promise.all(
			answers.map(async (answer) =>
				answer.status === 503
					? ((await answer.json()) as { code: string }).code
					: ((await answer.json()) as { outcome: string }).outcome,
			),
		);
		expect(outcomes.filter((outcome) => outcome === "created")).toHaveLength(1);
		expect(outcomes.every((outcome) => ["created", "unchanged", "write_contention"].includes(outcome))).toBe(true);
		const { results: audit } = await env.DB.prepare(
			"SELECT count(*) AS rows FROM status_audit_log WHERE source = 'schedule'",
		).all<{ rows: number }>();
		expect(audit[0]?.rows).toBe(SURFACES.length);
		await expectInvariants();
	});
});
