import { describe, expect, it } from "vitest";
import {
	EARLIEST_INSTANT_MS,
	END_OF_INSTANTS_MS,
	INSTANT_RANGE_TEXT,
	isSupportedInstant,
	supportedDate,
	supportedInstant,
} from "../../src/domain/instants";

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
