import { describe, expect, it } from "vitest";
import { AD_HOC_CLOSURES } from "../../../src/domain/market/ad-hoc-closures";
import {
	addDays,
	daysBetween,
	easterSunday,
	localDate,
	nthWeekday,
	parseLocalDate,
} from "../../../src/domain/market/local-date";
import { cachedCalendarYears, marketDay, nextTradingDay } from "../../../src/domain/market/nyse-calendar";
import { tradingDays } from "../../../src/domain/market/trading-days";
import { calendarDays, zoneDays } from "../../../src/domain/uptime/zone-days";

/** Easter by Oudin's algorithm (1940), written apart from the Meeus/Jones/Butcher one in local-date.ts. */
function oudinEaster(year: number): string {
	const div = (a: number, b: number) => Math.trunc(a / b);
	const century = div(year, 100);
	const golden = year - 19 * div(year, 19);
	const k = div(century - 17, 25);
	let i = century - div(century, 4) - div(century - k, 3) + 19 * golden + 15;
	i = i - 30 * div(i, 30);
	i = i - div(i, 28) * (1 - div(i, 28) * div(29, i + 1) * div(21 - golden, 11));
	let j = year + div(year, 4) + i + 2 - century + div(century, 4);
	j = j - 7 * div(j, 7);
	const l = i - j;
	const month = 3 + div(l + 40, 44);
	const day = l + 28 - 31 * div(month, 4);
	return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

describe("local dates", () => {
	it("Easter Sunday agrees with an independent algorithm for every year 1583-4099", () => {
		for (let year = 1583; year < 4100; year += 1) expect(easterSunday(year), String(year)).toBe(oudinEaster(year));
		expect(easterSunday(2026)).toBe("2026-04-05");
		expect(easterSunday(1818)).toBe("1818-03-22");
		expect(easterSunday(1943)).toBe("1943-04-25");
	});

	it("refuses years a LocalDate cannot hold, never guessing", () => {
		expect(localDate(1000, 1, 1)).toBe("1000-01-01");
		expect(localDate(9999, 12, 31)).toBe("9999-12-31");
		expect(() => localDate(999, 12, 31)).toThrow("year 999 is outside 1000-9999");
		expect(() => localDate(10000, 1, 1)).toThrow("year 10000 is outside 1000-9999");
		expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
		expect(() => addDays("1000-01-01", -1)).toThrow(RangeError);
		expect(parseLocalDate("1000-01-01")).toBe("1000-01-01");
		expect(parseLocalDate("0999-12-31")).toBeNull();
		expect(parseLocalDate("2026-02-29")).toBeNull();
		expect(parseLocalDate("2026-13-01")).toBeNull();
		expect(daysBetween("2026-11-27", "2027-11-27")).toBe(365);
		expect(daysBetween("2026-11-27", "2026-11-20")).toBe(-7);
	});

	it("n-th and last weekdays of a month", () => {
		expect(nthWeekday(2026, 11, 4, 4)).toBe("2026-11-26");
		expect(nthWeekday(2026, 9, 1, 1)).toBe("2026-09-07");
		expect(nthWeekday(2026, 5, 1, -1)).toBe("2026-05-25");
		expect(nthWeekday(2026, 12, 4, -1)).toBe("2026-12-31");
		expect(nthWeekday(2027, 2, 1, 3)).toBe("2027-02-15");
	});
});

describe("the NYSE calendar's rules in other years", () => {
	const day = (date: string) => marketDay(date);
	it("13:00 closes on Jul 3 and Dec 24 only from Monday to Thursday", () => {
		for (const [date, why] of [
			["2023-07-03", "Independence Day eve"], // Monday
			["2029-07-03", "Independence Day eve"], // Tuesday
			["2024-07-03", "Independence Day eve"], // Wednesday
			["2025-07-03", "Independence Day eve"], // Thursday
			["2029-12-24", "Christmas Eve"], // Monday
			["2024-12-24", "Christmas Eve"], // Tuesday
			["2025-12-24", "Christmas Eve"], // Wednesday
			["2026-12-24", "Christmas Eve"], // Thursday
		] as const) {
			expect(day(date), date).toMatchObject({
				isTradingDay: true,
				earlyClose: why,
				regularClose: 13 * 60,
				sessionClose: 17 * 60,
			});
		}
		// Friday: Jul 3 2026 and Dec 24 2027 are the observed holidays themselves.
		expect(day("2026-07-03")).toMatchObject({ isTradingDay: false, holiday: "Independence Day (observed)" });
		expect(day("2027-12-24")).toMatchObject({ isTradingDay: false, holiday: "Christmas Day (observed)" });
		// Sunday Dec 24, 2023; the Monday after is Christmas itself.
		expect(day("2023-12-22")).toMatchObject({
			isTradingDay: true,
			earlyClose: null,
			regularClose: 16 * 60,
			sessionClose: 20 * 60,
		});
		expect(day("2020-07-02")).toMatchObject({ isTradingDay: true, earlyClose: null });
	});

	it("New Year's Day moves only from Sunday to Monday; Juneteenth from 2022", () => {
		expect(day("2023-01-02")).toMatchObject({ isTradingDay: false, holiday: "New Year's Day (observed)" });
		expect(day("2022-01-03")).toMatchObject({ isTradingDay: true, holiday: null });
		expect(day("2021-12-31")).toMatchObject({ isTradingDay: true, holiday: null });
		expect(day("2026-01-01")).toMatchObject({ isTradingDay: false, holiday: "New Year's Day" });
		expect(day("2021-06-18")).toMatchObject({ isTradingDay: true });
		expect(day("2022-06-20")).toMatchObject({ isTradingDay: false, holiday: "Juneteenth (observed)" });
		expect(day("2023-06-19")).toMatchObject({ isTradingDay: false, holiday: "Juneteenth National Independence Day" });
		expect(day("2027-06-18")).toMatchObject({ isTradingDay: false, holiday: "Juneteenth (observed)" });
	});

	it("ad-hoc closures win over the rules, each with its reason", () => {
		for (const [date, reason] of Object.entries(AD_HOC_CLOSURES)) {
			expect(day(date), date).toMatchObject({ isTradingDay: false, holiday: reason, sessionOpen: null });
		}
		expect(AD_HOC_CLOSURES["2001-09-13"]).toBe("Closed after the September 11 attacks");
		expect(AD_HOC_CLOSURES["2012-10-30"]).toBe("Closed for Hurricane Sandy");
		expect(AD_HOC_CLOSURES["2007-01-02"]).toBe("National Day of Mourning for President Gerald R. Ford");
		expect(AD_HOC_CLOSURES["2004-06-11"]).toBe("National Day of Mourning for President Ronald Reagan");
		expect(Object.keys(AD_HOC_CLOSURES)).toHaveLength(10);
		expect(nextTradingDay("2001-09-10").date).toBe("2001-09-17");
		expect(nextTradingDay("2012-10-26").date).toBe("2012-10-31");
	});

	it("keeps at most eight years computed, whatever years are asked for", () => {
		for (let year = 2000; year < 2030; year += 1) marketDay(`${year}-03-02`);
		expect(cachedCalendarYears()).toBe(8);
		marketDay("2029-05-05");
		expect(cachedCalendarYears()).toBe(8);
		// Asked again after being dropped: computed again, the same.
		expect(day("2000-04-21")).toMatchObject({ holiday: "Good Friday" });
	});

	it("names ranges it refuses", () => {
		expect(() => tradingDays("2026-01-01", "2027-01-02")).toThrow("a range of 367 days");
		expect(() => calendarDays("UTC", "2026-01-01", 0, 0)).toThrow("a window holds 1 to 400 days, not 0");
		expect(() => zoneDays("UTC", 0, 401 * 86_400_000)).toThrow("more than 400 days from 0 to 34646400000");
	});
});

describe("every ad-hoc closure's reason", () => {
	it("is the exchange's", () => {
		expect(AD_HOC_CLOSURES).toEqual({
			"2001-09-11": "Closed after the September 11 attacks",
			"2001-09-12": "Closed after the September 11 attacks",
			"2001-09-13": "Closed after the September 11 attacks",
			"2001-09-14": "Closed after the September 11 attacks",
			"2004-06-11": "National Day of Mourning for President Ronald Reagan",
			"2007-01-02": "National Day of Mourning for President Gerald R. Ford",
			"2012-10-29": "Closed for Hurricane Sandy",
			"2012-10-30": "Closed for Hurricane Sandy",
			"2018-12-05": "National Day of Mourning for President George H. W. Bush",
			"2025-01-09": "National Day of Mourning for President Jimmy Carter",
		});
	});
});
