import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OVERALL_ROWS, overallStatus } from "../../src/domain/overall-status";
import { worstState } from "../../src/domain/severity";
import { SURFACE_STATES, type SurfaceState } from "../../src/domain/vocabulary";

// The one table of the overall words: as docs/api.md writes it, and consistent with the worst state.

function* pages(size: number): Generator<SurfaceState[]> {
	if (size === 0) {
		yield [];
		return;
	}
	for (const rest of pages(size - 1)) for (const state of SURFACE_STATES) yield [state, ...rest];
}
const everyPage = [0, 1, 2, 3, 4].flatMap((size) => [...pages(size)]);

/** The rows of docs/api.md's table under "The overall status", cells without their backticks. */
function documentedRows(): string[][] {
	const api = readFileSync(join(import.meta.dirname, "..", "..", "docs", "api.md"), "utf8");
	const section = api.slice(api.indexOf("### The overall status"), api.indexOf("### GET /api/status/public/surfaces"));
	return section
		.split("\n")
		.filter((line) => line.startsWith("|") && !line.startsWith("| ---"))
		.slice(1)
		.map((line) =>
			line
				.split("|")
				.slice(1, -1)
				.map((cell) => cell.trim().replaceAll("`", "")),
		);
}

describe("the overall status", () => {
	it("is the table docs/api.md writes, row for row", () => {
		expect(documentedRows()).toEqual(
			OVERALL_ROWS.map((row) => [row.when, row.state, row.description, row.indicator, row.health]),
		);
	});

	it("its state is the worst known state, UNKNOWN only when none is known; UNKNOWN surfaces change nothing", () => {
		for (const page of everyPage) {
			const known = page.filter((state) => state !== "UNKNOWN");
			expect(overallStatus(page).state, page.join()).toBe(worstState(page));
			if (known.length > 0) expect(overallStatus(page), page.join()).toEqual(overallStatus(known));
		}
		// The first of many can be the worst.
		expect(overallStatus(["DOWN", ...Array<SurfaceState>(23).fill("OPERATIONAL")]).state).toBe("DOWN");
	});

	it("never says operational unless a surface is known and every known one is", () => {
		for (const page of everyPage) {
			const known = page.filter((state) => state !== "UNKNOWN");
			const operational = known.length > 0 && known.every((state) => state === "OPERATIONAL");
			expect(overallStatus(page).description === "All Systems Operational", page.join()).toBe(operational);
		}
		expect(overallStatus([])).toEqual({
			state: "UNKNOWN",
			description: "Status Unknown",
			indicator: "none",
			health: "unknown",
		});
	});

	it("health says down exactly when a surface is DOWN", () => {
		for (const page of everyPage) {
			expect(overallStatus(page).health === "down", page.join()).toBe(page.includes("DOWN"));
		}
	});

	it("every row is reachable: the first row to apply to some page", () => {
		const reached = new Set(everyPage.map((page) => JSON.stringify(overallStatus(page))));
		expect(reached.size).toBe(OVERALL_ROWS.length);
	});
});
