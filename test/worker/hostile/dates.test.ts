import { beforeEach, describe, expect, it } from "vitest";
import { addDays, localDate, parseLocalDate } from "../../../src/domain/market/local-date";
import { marketClock } from "../../../src/domain/market/market-clock";
import { cachedCalendarYears, marketDay, nextTradingDay } from "../../../src/domain/market/nyse-calendar";
import { PUBLIC_PATHS } from "../../../src/paths";
import { nativeBody, relayBody, sendNative, sendRelay } from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { HOSTILE_DATES, HOSTILE_INSTANTS } from "./corpus";
import { expectRefused, withinDeadline } from "./support";

// Every date input of every route is range-checked before any date
// arithmetic, no calendar loop is unbounded, and no stored instant escapes the one ISO form.

beforeEach(clearTables);

/** Every route input that carries an instant, as a request built around one hostile value. */
const INSTANT_INPUTS: Record<string, (instant: string) => Promise<Response>> = {
	"market-time ?at=": (at) => call(`${PUBLIC_PATHS.marketTime}?at=${encodeURIComponent(at)}`),
	"update-surface maintenance_until": (until) =>
		updateSurface({
			surface_id: "charts",
			state: "MAINTENANCE",
			state_source: "manual",
			actor: "ops",
			maintenance_until: until,
		}),
	"relay ticket.updated_at": (at) =>
		sendRelay(relayBody("conversation.updated", { id: 7001, status: "open", updated_at: at, component: "charts" })),
	"relay ticket.created_at": (at) =>
		sendRelay(
			relayBody("conversation.updated", {
				id: 7002,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				created_at: at,
				component: "charts",
			}),
		),
	"native updatedAt": (at) =>
		sendNative(
			"convo.status",
			nativeBody({ id: 7003, status: "active", createdAt: "2026-11-26T08:00:00Z", updatedAt: at, component: "charts" }),
		),
	"native createdAt": (at) =>
		sendNative(
			"convo.status",
			nativeBody({ id: 7004, status: "active", createdAt: at, updatedAt: "2026-11-26T08:00:00Z", component: "charts" }),
		),
};

const CALENDAR = (start: string, end: string) =>
	call(`${PUBLIC_PATHS.marketCalendar}?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`);

describe("instants from outside", () => {
	for (const [input, send] of Object.entries(INSTANT_INPUTS)) {
		it(`${input}: every instant outside 2000-2099 is a 4xx within the deadline, and writes nothing`, async () => {
			const before = await readTables();
			for (const instant of HOSTILE_INSTANTS) {
				const problem = await expectRefused(
					await withinDeadline(send(instant), `${input} ${instant}`),
					`${input} ${instant}`,
					400,
				);
				expect(JSON.stringify(problem.errors ?? problem.detail), `${input} ${instant}`).toMatch(/2000-01-01/);
			}
			expect(await readTables()).toEqual(before);
		});
	}

	it("the calendar's start and end: dates outside 2000-2099 are 400 within the deadline", async () => {
		for (const date of HOSTILE_DATES) {
			await expectRefused(await withinDeadline(CALENDAR(date, "2026-12-31"), `start ${date}`), `start ${date}`, 400);
			await expectRefused(await withinDeadline(CALENDAR("2026-01-01", date), `end ${date}`), `end ${date}`, 400);
		}
	});

	it("the edges of the range answer: the last instant, the calendar's last days, and into 2100 for the next session", async () => {
		const last = await withinDeadline(call(`${PUBLIC_PATHS.marketTime}?at=2099-12-31T23:59:59.999Z`), "last instant");
		expect(last.status).toBe(200);
		expect(await last.json()).toMatchObject({ next_session: { date: "2100-01-04" } });
		const first = await call(`${PUBLIC_PATHS.marketTime}?at=2000-01-01T00:00:00Z`);
		expect(first.status).toBe(200);
		const lastYear = await withinDeadline(CALENDAR("2099-01-01", "2099-12-31"), "2099");
		expect(lastYear.status).toBe(200);
		expect(((await lastYear.json()) as unknown[]).length).toBeGreaterThan(240);
	});

	it("stores a maintenance window's end in the one ISO form SQL compares, whatever offset it came with", async () => {
		const until = new Date(Date.now() + 3 * 3_600_000);
		const withOffset = `${new Date(until.getTime() + 5 * 3_600_000).toISOString().slice(0, 19)}+05:00`;
		const response = await updateSurface({
			surface_id: "charts",
			state: "MAINTENANCE",
			state_source: "manual",
			actor: "ops",
			maintenance_until: withOffset,
		});
		expect(response.status).toBe(200);
		const [row] = (await readTables()).surface_state;
		expect(row?.maintenance_until).toBe(`${until.toISOString().slice(0, 19)}.000Z`);
	});
});

describe("the calendar's date helpers", () => {
	it("refuse years they cannot write instead of returning another year's date", () => {
		expect(() => localDate(50, 6, 1)).toThrow(RangeError);
		expect(() => localDate(10000, 1, 1)).toThrow(RangeError);
		expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
		expect(() => addDays("1000-01-01", -1)).toThrow(RangeError);
		expect(localDate(2026, 11, 27)).toBe("2026-11-27");
		expect(parseLocalDate("0050-06-01")).toBeNull();
	});

	it("find the next session within a bound that the longest closure (September 2001) fits in", () => {
		expect(nextTradingDay("2001-09-10").date).toBe("2001-09-17");
		expect(nextTradingDay("2099-12-31").date).toBe("2100-01-04");
		expect(() => marketClock(new Date("9999-12-31T23:59:59Z"))).toThrow(RangeError);
	});

	it("keep a bounded number of years computed, whatever years are asked for", () => {
		for (let year = 2000; year < 2100; year += 1) marketDay(`${year}-06-01`);
		expect(cachedCalendarYears()).toBeLessThanOrEqual(8);
	});
});
