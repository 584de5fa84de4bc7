import { describe, expect, it } from "vitest";
import { incidentIdOf, publicIncidentId, publicUpdateId } from "../../src/domain/incident-id";
import { parseIncidentSeverity } from "../../src/domain/incident-severity";
import { incidentStatusOf } from "../../src/domain/incident-status";
import {
	EARLIEST_INSTANT_MS,
	END_OF_INSTANTS_MS,
	INSTANT_RANGE_TEXT,
	isSupportedInstant,
	supportedDate,
	supportedInstant,
} from "../../src/domain/instants";
import { publicMaintenanceId } from "../../src/domain/maintenance-id";
import { overallStatus } from "../../src/domain/overall-status";
import {
	HOLDS,
	HOLDS_BLOCKING,
	HOLDS_BLOCKING_MAINTENANCE_END,
	MANUAL_HOLD_STATES,
	UPDATE_SURFACE_SOURCES,
} from "../../src/domain/precedence";
import { publicTextProblem } from "../../src/domain/public-text";
import { worstState } from "../../src/domain/severity";
import { PUBLIC_NOTE_MAX_LENGTH, type SurfaceState } from "../../src/domain/vocabulary";

describe("overall status and severity order", () => {
	it("worst first: DOWN > PARTIAL > DEGRADED > MAINTENANCE > OPERATIONAL; UNKNOWN counts for nothing", () => {
		const order: SurfaceState[] = ["OPERATIONAL", "MAINTENANCE", "DEGRADED", "PARTIAL", "DOWN"];
		for (const [index, better] of order.entries()) {
			for (const worse of order.slice(index)) {
				expect(worstState([better, worse]), `${better} ${worse}`).toBe(worse);
				expect(worstState([worse, better]), `${worse} ${better}`).toBe(worse);
				expect(worstState(["UNKNOWN", worse, "UNKNOWN", better]), `${worse} ${better}`).toBe(worse);
			}
		}
		expect(worstState([])).toBe("UNKNOWN");
		expect(worstState(["UNKNOWN", "UNKNOWN"])).toBe("UNKNOWN");
		expect(worstState(new Set<SurfaceState>(["DEGRADED"]))).toBe("DEGRADED");
	});

	it("the page's overall status and its words", () => {
		expect(overallStatus(["OPERATIONAL", "DOWN", "UNKNOWN"])).toEqual({ state: "DOWN", description: "Major outage" });
		expect(overallStatus(["PARTIAL"])).toEqual({ state: "PARTIAL", description: "Partial outage" });
		expect(overallStatus(["DEGRADED", "MAINTENANCE"])).toEqual({
			state: "DEGRADED",
			description: "Degraded performance",
		});
		expect(overallStatus(["MAINTENANCE", "OPERATIONAL"])).toEqual({
			state: "MAINTENANCE",
			description: "Scheduled maintenance in progress",
		});
		expect(overallStatus(["OPERATIONAL"])).toEqual({ state: "OPERATIONAL", description: "All systems operational" });
		expect(overallStatus(["UNKNOWN"])).toEqual({ state: "UNKNOWN", description: "Status unknown" });
		// The first of many can be the worst (issue 17's gap).
		expect(overallStatus(["DOWN", ...Array<SurfaceState>(23).fill("OPERATIONAL")]).state).toBe("DOWN");
	});
});

describe("writer precedence (design.md, Writers and precedence)", () => {
	it("which holds stop a write from each source, in the order they are checked", () => {
		expect(HOLDS).toEqual(["manual_hold", "maintenance_window", "open_ticket"]);
		expect(HOLDS_BLOCKING).toEqual({
			manual: [],
			schedule: ["manual_hold", "open_ticket"],
			freescout: ["manual_hold"],
			"3p_poller": ["manual_hold", "maintenance_window", "open_ticket"],
			prober: ["manual_hold", "maintenance_window", "open_ticket"],
		});
		expect(HOLDS_BLOCKING_MAINTENANCE_END).toEqual(["manual_hold"]);
		expect(MANUAL_HOLD_STATES).toEqual(["DEGRADED", "PARTIAL", "DOWN"]);
		expect(UPDATE_SURFACE_SOURCES).toEqual(["manual", "schedule", "3p_poller", "prober"]);
	});
});

describe("incident severity and status from a ticket", () => {
	it("reads what agents pick or type, Statuspage's words too; absent is degraded", () => {
		for (const [text, severity] of [
			[null, "degraded"],
			["degraded", "degraded"],
			["Degraded Performance", "degraded"],
			["degraded_performance", "degraded"],
			["minor", "degraded"],
			["partial", "partial"],
			["Partial-Outage", "partial"],
			["  partial   outage ", "partial"],
			["down", "down"],
			["outage", "down"],
			["Major outage", "down"],
			["MAJOR", "down"],
			["maintenance", "maintenance"],
			["Under maintenance", "maintenance"],
			["scheduled__maintenance", "maintenance"],
		] as const) {
			expect(parseIncidentSeverity(text), String(text)).toBe(severity);
		}
		for (const text of ["", "broken", "toString", "__proto__", "constructor", "degradedperformance"]) {
			expect(parseIncidentSeverity(text), text).toBeUndefined();
		}
	});

	it("status: the field's word, any case; closed resolves; open cannot be resolved yet", () => {
		expect(incidentStatusOf(null, true)).toBe("investigating");
		expect(incidentStatusOf(" Identified ", true)).toBe("identified");
		expect(incidentStatusOf("MONITORING", true)).toBe("monitoring");
		expect(incidentStatusOf("investigating", true)).toBe("investigating");
		expect(incidentStatusOf("resolved", true)).toBe("monitoring");
		expect(incidentStatusOf(null, false)).toBe("resolved");
		expect(incidentStatusOf("identified", false)).toBe("resolved");
		for (const word of ["fixed", "", "toString", "resolved!"]) {
			expect(incidentStatusOf(word, true), word).toBeUndefined();
			expect(incidentStatusOf(word, false), word).toBeUndefined();
		}
	});
});

describe("public text: one rule for every writer", () => {
	it("refuses control, bidi and separator characters, and more than the limit in code points", () => {
		expect(PUBLIC_NOTE_MAX_LENGTH).toBe(280);
		expect(publicTextProblem("Logins are slow")).toBeNull();
		expect(publicTextProblem("tab\tline\nreturn\r")).toBeNull();
		expect(publicTextProblem("")).toBeNull();
		for (const char of [
			"\u0000",
			"\u0008",
			"\u000B",
			"\u000C",
			"\u000E",
			"\u001F",
			"\u007F",
			"\u0085",
			"\u009F",
			"\u061C",
			"\u200E",
			"\u200F",
			"\u202A",
			"\u202E",
			"\u2066",
			"\u2069",
			"\u2028",
			"\u2029",
		]) {
			expect(publicTextProblem(`a${char}b`), char.codePointAt(0)?.toString(16)).toBe(
				"must not contain control, bidirectional-formatting or line/paragraph separator characters",
			);
		}
		for (const char of ["\u0009", "\u000A", "\u000D", "\u0020", "\u00A0", "\u200D", "\u2030", "\u2065"]) {
			expect(publicTextProblem(`a${char}b`), char.codePointAt(0)?.toString(16)).toBeNull();
		}
		expect(publicTextProblem("n".repeat(280))).toBeNull();
		expect(publicTextProblem("n".repeat(281))).toBe("must be at most 280 characters");
		// Code points, as SQLite's length() counts them: 280 emoji pass, 281 do not.
		expect(publicTextProblem("😀".repeat(280))).toBeNull();
		expect(publicTextProblem("😀".repeat(281))).toBe("must be at most 280 characters");
		expect(publicTextProblem("abcd", 3)).toBe("must be at most 3 characters");
		expect(publicTextProblem("abc", 3)).toBeNull();
	});
});

describe("instants from outside: 2000 to 2099", () => {
	it("accepts exactly the supported range", () => {
		expect(EARLIEST_INSTANT_MS).toBe(Date.UTC(2000, 0, 1));
		expect(END_OF_INSTANTS_MS).toBe(Date.UTC(2100, 0, 1));
		expect(INSTANT_RANGE_TEXT).toBe("from 2000-01-01T00:00:00Z to before 2100-01-01T00:00:00Z");
		expect(isSupportedInstant(EARLIEST_INSTANT_MS)).toBe(true);
		expect(isSupportedInstant(EARLIEST_INSTANT_MS - 1)).toBe(false);
		expect(isSupportedInstant(END_OF_INSTANTS_MS - 1)).toBe(true);
		expect(isSupportedInstant(END_OF_INSTANTS_MS)).toBe(false);
		expect(isSupportedInstant(Number.NaN)).toBe(false);
		expect(isSupportedInstant(Number.POSITIVE_INFINITY)).toBe(false);
		expect(supportedInstant("2026-11-27T10:00:00Z")?.toISOString()).toBe("2026-11-27T10:00:00.000Z");
		expect(supportedInstant("1999-12-31T23:59:59.999Z")).toBeNull();
		expect(supportedInstant("2100-01-01T00:00:00Z")).toBeNull();
		expect(supportedInstant("+010000-01-01T00:00:00Z")).toBeNull();
		expect(supportedInstant("not a date")).toBeNull();
	});

	it("calendar dates that exist, in 2000-2099", () => {
		expect(supportedDate("2026-11-27")).toBe("2026-11-27");
		expect(supportedDate("2000-01-01")).toBe("2000-01-01");
		expect(supportedDate("2099-12-31")).toBe("2099-12-31");
		expect(supportedDate("1999-12-31")).toBeNull();
		expect(supportedDate("2100-01-01")).toBeNull();
		expect(supportedDate("2026-02-29")).toBeNull();
		expect(supportedDate("2028-02-29")).toBe("2028-02-29");
		expect(supportedDate("2026-1-01")).toBeNull();
	});
});

describe("public ids", () => {
	it("incidents, their updates and maintenance windows", () => {
		expect(publicIncidentId(42)).toBe("inc_00042");
		expect(publicIncidentId(1234567)).toBe("inc_1234567");
		expect(incidentIdOf("inc_00042")).toBe(42);
		expect(incidentIdOf("inc_1234567")).toBe(1234567);
		for (const bad of [
			"inc_0042",
			"inc_042",
			"inc_000042",
			"inc_42",
			"42",
			"inc_00042x",
			"xinc_00042",
			"inc_9999999999999999",
		]) {
			expect(incidentIdOf(bad), bad).toBeNull();
		}
		expect(publicUpdateId(42, "2026-11-26T18:00:00.000Z")).toBe("upd_00042_20261126T180000000Z");
		expect(publicMaintenanceId(7)).toBe("mnt_00007");
	});
});
