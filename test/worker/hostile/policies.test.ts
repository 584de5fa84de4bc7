import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PAGE_PATHS } from "../../../src/paths";
import { NOW } from "../atlassian-v2/support";
import { getPage } from "../page/support";
import { clearTables, EMPTY_TABLES, readTables } from "../support/tables";
import { HOSTILE_FRAME_ANCESTORS } from "./corpus";

// Deployment values the policies refuse, through the public routes: the page fails closed.

beforeEach(clearTables);

afterEach(() => {
	vi.restoreAllMocks();
});

describe("a STATUS_PAGE_FRAME_ANCESTORS the rule refuses", () => {
	it.each(Object.entries(HOSTILE_FRAME_ANCESTORS))(
		"%s: the page still answers, framed by nobody, and the refusal is logged once",
		async (_name, hostile) => {
			const errors = vi.spyOn(console, "error").mockImplementation(() => {});
			// A marker of this test's own, so the isolate's "logged once" starts afresh for it.
			const value = `${hostile} https://${crypto.randomUUID()}.raxx.app`;
			for (const path of [PAGE_PATHS.home, PAGE_PATHS.home, PAGE_PATHS.incident.replace("{id}", "inc_00001")]) {
				const response = await getPage(path, { at: NOW, vars: { STATUS_PAGE_FRAME_ANCESTORS: value } });
				expect(response.headers.get("Content-Security-Policy"), path).toMatch(/; frame-ancestors 'none'$/);
				await response.body?.cancel();
			}
			const refusals = errors.mock.calls
				.map(([line]) => JSON.parse(String(line)) as { event: string; detail: string })
				.filter((line) => line.event === "frame_ancestors_refused");
			expect(refusals).toHaveLength(1);
			expect(refusals[0]?.detail).toMatch(
				/^STATUS_PAGE_FRAME_ANCESTORS must be 'none', or space-separated 'self' and https:\/\/ origins/,
			);
			expect(await readTables()).toEqual(EMPTY_TABLES);
		},
	);

	it("a value the rule takes reaches the header as written", async () => {
		const response = await getPage(PAGE_PATHS.home, {
			at: NOW,
			vars: { STATUS_PAGE_FRAME_ANCESTORS: "'self' https://*.raxx.app https://raxx.app:8443" },
		});
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Security-Policy")).toMatch(
			/; frame-ancestors 'self' https:\/\/\*\.raxx\.app https:\/\/raxx\.app:8443$/,
		);
		await response.body?.cancel();
	});
});
