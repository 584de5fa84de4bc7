import { describe, expect, it } from "vitest";
import { AD_HOC_CLOSURES } from "../../../src/domain/market/ad-hoc-closures";
import { addDays, easterSunday, localDate, weekday } from "../../../src/domain/market/local-date";
import { marketDay } from "../../../src/domain/market/nyse-calendar";
import official from "../../fixtures/market/nyse-holidays-early-closes-2026-2027.json";

type OfficialYear = { holidays: Record<string, string>; early_closes_1300: Record<string, string> };
const OFFICIAL: Record<string, OfficialYear> = { "2026": official["2026"], "2027": official["2027"] };

function yearDays(year: number) {
	const days = [];
	for (let date = localDate(year, 1, 1); date.startsWith(String(year)); date = addDays(date, 1))
		days.push(marketDay(date));
	return days;
}

/** The nearest weekday to `date` that is neither a holiday nor an early close. */
function fullDayBeside(date: string): string {
	for (let step = 1; step < 10; step += 1) {
		for (const candidate of [addDays(date, -step), addDays(date, step)]) {
			const day = marketDay(candidate);
			if (day.isTradingDay && day.earlyClose === null) return candidate;
		}
	}
	throw new Error(`no full day near ${date}`);
}

describe("the NYSE calendar agrees with the official 2026-2027 table on every day", () => {
	for (const [year, table] of Object.entries(OFFICIAL)) {
		it(`${year}: the same holidays, with the same names`, () => {
			const holidays = Object.fromEntries(
				yearDays(Number(year))
					.filter((day) => day.holiday !== null)
					.map((day) => [day.date, day.holiday]),
			);
			expect(holidays).toEqual(table.holidays);
		});

		it(`${year}: the same 13:00 early closes`, () => {
			const earlyCloses = yearDays(Number(year)).filter((day) => day.earlyClose !== null);
			expect(earlyCloses.map((day) => day.date)).toEqual(Object.keys(table.early_closes_1300));
			for (const day of earlyCloses) {
				expect(day).toMatchObject({ isTradingDay: true, regularOpen: 9 * 60 + 30, regularClose: 13 * 60 });
				expect(day.earlyClose).toBe(table.early_closes_1300[day.date]);
			}
		});

		it(`${year}: a full trading day beside each holiday and early close`, () => {
			for (const date of [...Object.keys(table.holidays), ...Object.keys(table.early_closes_1300)]) {
				const beside = marketDay(fullDayBeside(date));
				expect(beside).toMatchObject({ isTradingDay: true, holiday: null, earlyClose: null, regularClose: 16 * 60 });
				expect(Math.abs(new Date(beside.date).getTime() - new Date(date).getTime())).toBeLessThanOrEqual(
					4 * 86_400_000,
				);
			}
		});
	}

	it("a Saturday New Year's Day gives no holiday: Dec 31 before it is a full session (2021, 2027)", () => {
		for (const [saturday, friday] of [
			["2022-01-01", "2021-12-31"],
			["2028-01-01", "2027-12-31"],
		] as const) {
			expect(weekday(saturday)).toBe(6);
			expect(marketDay(saturday)).toMatchObject({ isTradingDay: false, holiday: null });
			expect(marketDay(friday)).toMatchObject({ isTradingDay: true, holiday: null, earlyClose: null });
		}
	});
});

describe("the rules hold for 2000-2040", () => {
	it("computes Easter right on known dates", () => {
		expect(easterSunday(2000)).toBe("2000-04-23");
		expect(easterSunday(2008)).toBe("2008-03-23");
		expect(easterSunday(2019)).toBe("2019-04-21");
		expect(easterSunday(2024)).toBe("2024-03-31");
		expect(easterSunday(2038)).toBe("2038-04-25");
	});

	for (let year = 2000; year <= 2040; year += 1) {
		it(`${year}`, () => {
			const days = yearDays(year);
			const holidays = days.filter((day) => day.holiday !== null && !(day.date in AD_HOC_CLOSURES));
			for (const day of holidays) expect([1, 2, 3, 4, 5]).toContain(weekday(day.date));
			// Nine holidays before Juneteenth (2022), ten after; one fewer when Jan 1 is a Saturday.
			const expected = (year >= 2022 ? 10 : 9) - (weekday(localDate(year, 1, 1)) === 6 ? 1 : 0);
			expect(holidays).toHaveLength(expected);

			const named = (name: string) => holidays.filter((day) => day.holiday?.startsWith(name)).map((day) => day.date);
			const [goodFriday] = named("Good Friday");
			expect(goodFriday).toBe(addDays(easterSunday(year), -2));
			const [thanksgiving] = named("Thanksgiving");
			expect(weekday(thanksgiving ?? "")).toBe(4);
			expect(Number(thanksgiving?.slice(8))).toBeGreaterThanOrEqual(22);
			expect(Number(thanksgiving?.slice(8))).toBeLessThanOrEqual(28);
			expect(named("Memorial Day")[0]).toBe(
				[25, 26, 27, 28, 29, 30, 31].map((day) => localDate(year, 5, day)).find((date) => weekday(date) === 1),
			);

			for (const day of days.filter((entry) => entry.earlyClose !== null)) {
				expect([1, 2, 3, 4, 5]).toContain(weekday(day.date));
				expect(day.isTradingDay).toBe(true);
			}
			expect(marketDay(addDays(thanksgiving ?? "", 1)).earlyClose).toBe("Day after Thanksgiving");
		});
	}

	it("Juneteenth is a holiday from 2022 on only", () => {
		expect(marketDay("2021-06-18").isTradingDay).toBe(true);
		expect(marketDay("2022-06-20").holiday).toBe("Juneteenth (observed)");
		expect(marketDay("2023-06-19").holiday).toBe("Juneteenth National Independence Day");
	});

	it("ad-hoc closures are data and win over the rules", () => {
		expect(marketDay("2001-09-11")).toMatchObject({
			isTradingDay: false,
			holiday: "Closed after the September 11 attacks",
		});
		expect(marketDay("2012-10-30").isTradingDay).toBe(false);
		expect(marketDay("2018-12-05").holiday).toMatch(/Bush/);
		expect(marketDay("2025-01-09").holiday).toMatch(/Carter/);
		expect(marketDay("2025-01-10").isTradingDay).toBe(true);
	});
});
