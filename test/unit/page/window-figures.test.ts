import { describe, expect, it } from "vitest";
import { addDurations, noDurations, uptimeOf } from "../../../src/domain/uptime/daily-history";
import type { ReportedDay } from "../../../src/domain/uptime/history-report";
import { SURFACE_STATES } from "../../../src/domain/vocabulary";
import { uptimeBarHtml, windowFigures } from "../../../src/http/page/parts/uptime-bar";
import { formatPercent } from "../../../src/http/page/words";

const DAY = 86_400_000;

/** The figure of the newest `window` days, computed the plain way: the model the one pass must equal. */
function modelFigure(days: readonly ReportedDay[], window: number): string {
	const shown = days.slice(-window);
	const known = shown.filter((day) => day.worst !== null).length;
	const uptime = uptimeOf(shown.reduce((total, day) => addDurations(total, day.ms), noDurations()));
	if (known === 0 || uptime === null) return "No data";
	const figure = `${formatPercent(uptime)} % uptime`;
	return known < shown.length ? `${figure}, data for ${known} of ${shown.length} days` : figure;
}

/** A deterministic run of days: quiet, unknown, or in one kind of trouble for part of the day. */
function randomDays(count: number, seed: number): ReportedDay[] {
	let state = seed;
	const next = () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
	return Array.from({ length: count }, (_, index) => {
		const ms = noDurations();
		const roll = next();
		let worst: ReportedDay["worst"] = "OPERATIONAL";
		if (roll < 0.2) {
			ms.UNKNOWN = DAY;
			worst = null;
		} else if (roll < 0.6) {
			const trouble = SURFACE_STATES[1 + Math.floor(next() * 4)] ?? "DOWN";
			ms[trouble] = Math.floor(next() * DAY);
			ms.OPERATIONAL = DAY - ms[trouble];
			worst = trouble;
		} else {
			ms.OPERATIONAL = DAY;
		}
		const date = new Date(Date.UTC(2026, 8, 1) + index * DAY).toISOString().slice(0, 10);
		return { date, ms, worst, uptime: uptimeOf(ms), incidents: [], incidentsUnlisted: 0 };
	});
}

describe("the bar's window figures", () => {
	it("equal the plain computation of each window, whatever the days and however few", () => {
		for (let seed = 1; seed <= 300; seed += 1) {
			const days = randomDays(seed % 95, seed);
			const windows = [90, 60, 30];
			expect(windowFigures(days, windows), `seed ${seed}`).toEqual(windows.map((window) => modelFigure(days, window)));
		}
	});

	it("say 'No data' for a surface without days", () => {
		expect(windowFigures([], [90, 60, 30])).toEqual(["No data", "No data", "No data"]);
	});
});

describe("the bar's HTML", () => {
	it("escapes the surface's name in its label", () => {
		const days = randomDays(90, 7);
		const html = String(
			uptimeBarHtml({ id: "x", name: `A & <b>"B"</b>`, group: "g", days, ms: noDurations(), uptime: null }),
		);
		expect(html).toContain(`aria-label="A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt;, days that were not operational"`);
		expect(html).not.toContain("<b>");
	});
});
