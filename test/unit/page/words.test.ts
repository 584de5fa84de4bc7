import { describe, expect, it } from "vitest";
import { SURFACE_STATES } from "../../../src/domain/vocabulary";
import { STYLESHEET } from "../../../src/http/page/stylesheet";
import {
	formatAgo,
	formatDuration,
	formatInstant,
	formatPercent,
	offsetLabel,
	STATE_CLASSES,
	STATE_SYMBOLS,
	STATE_WORDS,
} from "../../../src/http/page/words";

describe("the page's words", () => {
	it("says each state in the badges' words, with a symbol beside it, and colours it by a class the stylesheet has", () => {
		expect(SURFACE_STATES.map((state) => STATE_WORDS[state])).toEqual([
			"Operational",
			"Degraded performance",
			"Partial outage",
			"Major outage",
			"Under maintenance",
			"Unknown",
		]);
		for (const state of SURFACE_STATES) expect(STATE_SYMBOLS[state]).toMatch(/^\S$/u);
		const classes = SURFACE_STATES.map((state) => STATE_CLASSES[state]);
		expect(new Set(classes).size).toBe(SURFACE_STATES.length);
		for (const name of classes) {
			expect(name).toMatch(/^[a-z]$/);
			expect(STYLESHEET).toContain(`.${name} { --s: var(--${name}); }`);
		}
	});

	it("draws each state's day mark in a shape of its own, so that no state is told by colour alone", () => {
		const shapes = SURFACE_STATES.filter((state) => state !== "OPERATIONAL").map((state) => {
			const name = STATE_CLASSES[state];
			const rule = new RegExp(`\\.bar li\\.${name}, \\.key\\.${name} \\{([^}]*)\\}`).exec(STYLESHEET)?.[1] ?? "";
			return /--shape:\s*([^;]+);/.exec(rule)?.[1]?.replace(/\s+/g, " ");
		});
		expect(shapes.every((shape) => shape !== undefined)).toBe(true);
		// Operational days are the bar's solid background; every other state differs from it and from each other.
		expect(new Set([...shapes, "linear-gradient(var(--s), var(--s))"]).size).toBe(shapes.length + 1);
	});

	it("says durations in days, hours and minutes, never hundreds of hours", () => {
		const minutes = (count: number) => count * 60_000;
		expect(
			[0, 29_999, 30_000, minutes(12), minutes(60), minutes(125), minutes(1440), minutes(1501), minutes(2880 + 60)].map(
				formatDuration,
			),
		).toEqual([
			"under 1 min",
			"under 1 min",
			"1 min",
			"12 min",
			"1 h",
			"2 h 5 min",
			"1 day",
			"1 day 1 h 1 min",
			"2 days 1 h",
		]);
		// An incident open for 5182 h 14 min.
		expect(formatDuration(minutes(5182 * 60 + 14))).toBe("215 days 22 h 14 min");
		expect([10_000, 90_000, minutes(180)].map(formatAgo)).toEqual(["just now", "2 min ago", "3 h ago"]);
	});

	it("cuts percentages to two decimals, so that only a perfect record reads 100", () => {
		expect([1, 0.9975, 0.99999, 0.5, 0].map(formatPercent)).toEqual(["100", "99.75", "99.99", "50", "0"]);
	});

	it("writes instants on the page zone's wall clock with the zone's name, or its offset where it has none", () => {
		const instant = Date.parse("2026-07-01T12:34:56Z");
		const winter = Date.parse("2026-01-15T12:34:56Z");
		expect(formatInstant(instant, "UTC")).toBe("2026-07-01 12:34 UTC");
		expect(formatInstant(instant, "America/New_York")).toBe("2026-07-01 08:34 EDT");
		expect(formatInstant(winter, "America/New_York")).toBe("2026-01-15 07:34 EST");
		expect(formatInstant(instant, "Europe/Berlin")).toBe("2026-07-01 14:34 CEST");
		expect(formatInstant(winter, "Europe/Berlin")).toBe("2026-01-15 13:34 CET");
		expect(formatInstant(instant, "America/St_Johns")).toBe("2026-07-01 10:04 UTC-2:30");
		expect(offsetLabel(-5.5 * 3_600_000)).toBe("UTC-5:30");
		expect(offsetLabel((3 * 60 + 5) * 60_000)).toBe("UTC+3:05");
		expect(offsetLabel(-3_600_000)).toBe("UTC-1");
	});

	it("keeps every day mark's colour at 3:1 or more against the card it is drawn on, in both schemes", () => {
		const luminance = (hex: string) => {
			const [r, g, b] = [1, 3, 5].map((at) => {
				const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
				return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
			}) as [number, number, number];
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		const contrast = (a: string, b: string) => {
			const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
			return (light + 0.05) / (dark + 0.05);
		};
		const [lightScheme, darkScheme] = STYLESHEET.split("@media (prefers-color-scheme: dark)");
		for (const scheme of [lightScheme ?? "", (darkScheme ?? "").split("}")[0] ?? ""]) {
			const colour = (name: string) => new RegExp(`--${name}: (#[0-9a-f]{6})`).exec(scheme)?.[1] ?? "";
			for (const name of ["o", "g", "p", "x", "m", "nodata"]) {
				expect(contrast(colour(name), colour("card")), `--${name}`).toBeGreaterThanOrEqual(3);
			}
		}
	});
});
