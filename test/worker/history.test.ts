import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { FOLD_STEP_MS } from "../../src/domain/uptime/fold-plan";
import { csvField } from "../../src/http/history/uptime-csv";
import { PAGE_PATHS, PUBLIC_PATHS } from "../../src/paths";
import { forgetIsolateCopies } from "../../src/public-cache/isolate-copies";
import { SURFACES } from "../../src/surfaces/registry";
import { foldUptime } from "../../src/verbs/fold-uptime";
import { byId, byName, type HtmlElement, parseHtml, textOf, wordsOf } from "./page/html-tree";
import { expectProblem } from "./support/http";
import { clearTables, readTables } from "./support/tables";
import { callInZone, insertAudit, insertIncident } from "./uptime/support";

// The history: each surface's uptime per calendar month of the page's zone, on the page and as
// CSV, both held to one model written here from the audit rows alone; and past incidents by month.

beforeEach(clearTables);

const ZONE = "America/New_York";
const NOW = Date.parse("2026-12-03T12:00:00Z");
const at = (text: string) => Date.parse(text);

type State = "OPERATIONAL" | "DEGRADED" | "PARTIAL" | "DOWN" | "MAINTENANCE" | "UNKNOWN";
const STATES: State[] = ["OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE", "UNKNOWN"];

// New York's months: midnight local is 04:00Z in daylight time, 05:00Z in standard time.
const MONTHS = [
	{ month: "2026-09", start: at("2026-09-01T04:00:00Z"), end: at("2026-10-01T04:00:00Z") },
	{ month: "2026-10", start: at("2026-10-01T04:00:00Z"), end: at("2026-11-01T04:00:00Z") },
	{ month: "2026-11", start: at("2026-11-01T04:00:00Z"), end: at("2026-12-01T05:00:00Z") },
	{ month: "2026-12", start: at("2026-12-01T05:00:00Z"), end: NOW },
];

/**
 * The rollup's first day: a first fold reaches 90 days back (the longest bar), from the start of
 * that day in the zone - Sep 5 2026 00:00 EDT for a fold on Dec 3. Time before it is read as no data.
 */
const ROLLUP_FROM = at("2026-09-05T04:00:00Z");

const CHANGES: Record<string, { at: number; state: State }[]> = {
	"order-placement": [
		{ at: at("2026-07-10T12:00:00Z"), state: "DOWN" },
		{ at: at("2026-09-15T00:00:00Z"), state: "OPERATIONAL" },
		{ at: at("2026-10-10T10:00:00Z"), state: "PARTIAL" },
		{ at: at("2026-10-10T16:00:00Z"), state: "OPERATIONAL" },
		{ at: at("2026-11-20T03:00:00Z"), state: "DOWN" },
		{ at: at("2026-11-20T05:00:00Z"), state: "MAINTENANCE" },
		{ at: at("2026-11-20T06:00:00Z"), state: "OPERATIONAL" },
		{ at: at("2026-12-02T00:00:00Z"), state: "DEGRADED" },
		// After the fold's last grid point: read live.
		{ at: at("2026-12-03T11:58:00Z"), state: "DOWN" },
	],
	deposits: [{ at: at("2026-11-01T04:00:00Z"), state: "OPERATIONAL" }],
};

/** The model: each month's milliseconds per state, walked from the changes, and the uptime formula as the page states it. */
function model(surfaceId: string) {
	const changes = CHANGES[surfaceId] ?? [];
	return MONTHS.map(({ month, start, end }) => {
		const ms = Object.fromEntries(STATES.map((state) => [state, 0])) as Record<State, number>;
		const from = Math.max(start, ROLLUP_FROM);
		const points = [from, ...changes.map((change) => change.at).filter((t) => t > from && t < end), end];
		for (let index = 0; index + 1 < points.length; index += 1) {
			const t = points[index] as number;
			const state = changes.filter((change) => change.at <= t).at(-1)?.state ?? "UNKNOWN";
			ms[state] += (points[index + 1] as number) - t;
		}
		const known = STATES.filter((state) => state !== "UNKNOWN").reduce((sum, state) => sum + ms[state], 0);
		ms.UNKNOWN = end - start - known;
		const counted = ms.OPERATIONAL + ms.DEGRADED + ms.PARTIAL + ms.DOWN;
		const uptime = counted === 0 ? null : 1 - (ms.DOWN + 0.3 * ms.PARTIAL) / counted;
		return {
			month,
			ms,
			percent: uptime === null ? "" : String(Math.floor(uptime * 10_000) / 100),
			partial: ms.UNKNOWN > 0,
		};
	});
}

/** The audit rows, folded as the cron leaves them on Dec 3 (every grid point up to 11:45Z), the rest live. */
async function stageHistory(): Promise<void> {
	await insertAudit(
		Object.entries(CHANGES).flatMap(([surfaceId, changes]) =>
			changes.map((change) => ({ surfaceId, state: change.state, at: change.at })),
		),
	);
	for (let step = 0; step < 20; step += 1) {
		const report = await foldUptime(env.DB, ZONE, new Date(NOW));
		if (report.upToDate) break;
	}
	const fold = await env.DB.prepare("SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?1")
		.bind(ZONE)
		.first<{ folded_through: string }>();
	expect(Date.parse(fold?.folded_through ?? "")).toBe(Math.floor((NOW - 5 * 60_000) / FOLD_STEP_MS) * FOLD_STEP_MS);
	const first = await env.DB.prepare("SELECT min(date) AS first FROM status_uptime_days WHERE time_zone = ?1")
		.bind(ZONE)
		.first<{ first: string }>();
	expect(first?.first).toBe("2026-09-05");
}

async function get(path: string, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return callInZone(path, { headers }, { zone: ZONE, now: NOW });
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = "";
	let quoted = false;
	for (let index = 0; index < text.length; index += 1) {
		const char = text[index] as string;
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index += 1;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ",") {
			row.push(field);
			field = "";
		} else if (char === "\r" && text[index + 1] === "\n") {
			row.push(field);
			rows.push(row);
			row = [];
			field = "";
			index += 1;
		} else field += char;
	}
	expect(field).toBe("");
	return rows;
}

describe("GET /api/status/public/uptime.csv", () => {
	it("gives each surface's months, newest first, equal to the model (rollup and live time alike)", async () => {
		await stageHistory();
		const response = await get(`${PUBLIC_PATHS.uptimeCsv}?months=4`);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
		const text = await response.text();
		expect(text.endsWith("\r\n")).toBe(true);
		const [header, ...rows] = parseCsv(text);
		expect(header).toEqual([
			"surface_id",
			"surface",
			"group",
			"month",
			"uptime_percent",
			"operational_ms",
			"degraded_ms",
			"partial_ms",
			"down_ms",
			"maintenance_ms",
			"no_data_ms",
			"partial_data",
		]);
		expect(rows).toHaveLength(SURFACES.length * 4);
		expect(rows.map((row) => row[0])).toEqual(SURFACES.flatMap((surface) => Array(4).fill(surface.id)));
		for (const surface of SURFACES) {
			const own = rows.filter((row) => row[0] === surface.id);
			const expected = model(surface.id)
				.reverse()
				.map((month) => [
					surface.id,
					surface.name,
					surface.group,
					month.month,
					month.percent,
					...STATES.map((state) => String(month.ms[state])),
					String(month.partial),
				]);
			expect(own, surface.id).toEqual(expected);
		}
		// The figures the model gives, spelled out for the surfaces with data.
		expect(rows.filter((row) => row[0] === "order-placement").map((row) => [row[3], row[4], row[11]])).toEqual([
			// Two minutes of major outage in 55 hours; September from the rollup's first day (Sep 5) only.
			["2026-12", "99.93", "false"],
			["2026-11", "99.72", "false"],
			["2026-10", "99.75", "false"],
			["2026-09", "62.17", "true"],
		]);
		expect(rows.filter((row) => row[0] === "deposits").map((row) => [row[3], row[4], row[11]])).toEqual([
			["2026-12", "100", "false"],
			["2026-11", "100", "false"],
			["2026-10", "", "true"],
			["2026-09", "", "true"],
		]);
	});

	it("covers 12 months by default and 1 with months=1", async () => {
		const twelve = parseCsv(await (await get(PUBLIC_PATHS.uptimeCsv)).text());
		expect(new Set(twelve.slice(1).map((row) => row[3]))).toEqual(
			new Set([
				"2026-12",
				"2026-11",
				"2026-10",
				"2026-09",
				"2026-08",
				"2026-07",
				"2026-06",
				"2026-05",
				"2026-04",
				"2026-03",
				"2026-02",
				"2026-01",
			]),
		);
		const one = parseCsv(await (await get(`${PUBLIC_PATHS.uptimeCsv}?months=1`)).text());
		expect(one).toHaveLength(1 + SURFACES.length);
	});

	it("answers a bad months with problem+json 400, writing nothing", async () => {
		const before = await readTables();
		for (const months of ["0", "13", "abc", "1.5", "-1", "012", ""]) {
			const problem = await expectProblem(
				await get(`${PUBLIC_PATHS.uptimeCsv}?months=${months}`),
				400,
				"invalid_query",
			);
			expect(problem.errors?.[0]).toMatchObject({ in: "query", path: "months" });
		}
		expect(await readTables()).toEqual(before);
	});

	it("quotes a field with a comma, a quote or a line break (RFC 4180), and no other", () => {
		expect(["Plaid", "Web app (app.raxx.app)", "a,b", 'say "hi"', "two\nlines", "cr\r"].map(csvField)).toEqual([
			"Plaid",
			"Web app (app.raxx.app)",
			'"a,b"',
			'"say ""hi"""',
			'"two\nlines"',
			'"cr\r"',
		]);
	});
});

/** The months of the incident history: its sections of one month each. */
const monthSections = (tree: HtmlElement) =>
	byName(byId(tree, "incident-months"), "section").filter((section) =>
		(section.attributes["aria-labelledby"] ?? "").match(/^m\d{4}-\d{2}-h$/),
	);

/** The history page's uptime table: each surface row's cells, as a person reads them. */
function tableCells(tree: HtmlElement): Map<string, string[]> {
	const table = byName(byId(tree, "uptime-months"), "table")[0] as HtmlElement;
	const rows = byName(byName(table, "tbody")[0] as HtmlElement, "tr");
	return new Map(
		rows.map((row) => [textOf(byName(row, "th")[0] as HtmlElement), byName(row, "td").map((cell) => wordsOf(cell))]),
	);
}

describe("GET /history", () => {
	it("shows each surface's uptime per month, newest first, the same figures as the CSV and the model", async () => {
		await stageHistory();
		const response = await get(PAGE_PATHS.history);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Security-Policy")).toMatch(/^default-src 'none'; style-src 'self'; /);
		const tree = parseHtml(await response.text());
		const cells = tableCells(tree);
		const csv = parseCsv(await (await get(PUBLIC_PATHS.uptimeCsv)).text()).slice(1);
		for (const surface of SURFACES) {
			const fromCsv = csv
				.filter((row) => row[0] === surface.id)
				.map((row) =>
					row[4] === "" ? "no data" : `${row[4]} %${row[11] === "true" ? "* (part of the month has no data)" : ""}`,
				);
			expect(cells.get(surface.name), surface.id).toEqual(fromCsv);
			const modelled = model(surface.id).reverse();
			expect(cells.get(surface.name)?.slice(0, 4)).toEqual(
				modelled.map((month) =>
					month.percent === ""
						? "no data"
						: `${month.percent} %${month.partial ? "* (part of the month has no data)" : ""}`,
				),
			);
		}
		const headings = byName(byName(byId(tree, "uptime-months"), "thead")[0] as HtmlElement, "th").map(wordsOf);
		expect(headings.slice(0, 4)).toEqual(["Surface", "Dec 2026", "Nov 2026", "Oct 2026"]);
	});

	it("states the method exactly as the figures are computed", async () => {
		const tree = parseHtml(await (await get(PAGE_PATHS.history)).text());
		const method = wordsOf(byId(tree, "uptime-months"));
		expect(method).toContain(
			"Uptime = 1 − (Major outage time + 0.3 × partial outage time) ÷ time in a known state other than maintenance.",
		);
		expect(method).toContain("Major outage counts as down for all of its time.");
		expect(method).toContain("Partial outage counts as down for 30 % of its time (weight 0.3).");
		expect(method).toContain("Degraded performance counts as up.");
		expect(method).toContain("Maintenance and time without data are left out");
		expect(method).toContain(`Months are calendar months of ${ZONE}; the current month runs to now.`);
	});

	it("lists incidents by month, newest first, with each month's count, three months a page", async () => {
		await insertIncident({
			id: 1,
			surfaceId: "login",
			openedAt: at("2026-12-02T10:00:00Z"),
			resolvedAt: at("2026-12-02T11:30:00Z"),
		});
		await insertIncident({ id: 2, surfaceId: "deposits", openedAt: at("2026-11-03T10:00:00Z"), resolvedAt: null });
		await insertIncident({
			id: 3,
			surfaceId: "login",
			openedAt: at("2026-11-20T10:00:00Z"),
			resolvedAt: at("2026-11-23T12:05:00Z"),
		});
		// 03:30Z on Nov 1 is still October 31 in New York: an October incident.
		await insertIncident({
			id: 4,
			surfaceId: "login",
			openedAt: at("2026-11-01T03:30:00Z"),
			resolvedAt: at("2026-11-01T04:00:00Z"),
		});
		await insertIncident({
			id: 5,
			surfaceId: "login",
			openedAt: at("2026-06-10T10:00:00Z"),
			resolvedAt: at("2026-06-10T11:00:00Z"),
		});

		const first = parseHtml(await (await get(PAGE_PATHS.history)).text());
		const months = monthSections(first);
		expect(months.map((month) => wordsOf(byName(month, "h3")[0] as HtmlElement))).toEqual([
			"December 2026 (1 incident)",
			"November 2026 (2 incidents)",
			"October 2026 (1 incident)",
		]);
		expect(byName(months[1] as HtmlElement, "li").map(wordsOf)).toEqual([
			"Login and sign-up: major outage Login and sign-up · Major outage · opened 2026-11-20 05:00 EST · lasted 3 days 2 h 5 min",
			"Deposits: major outage Deposits · Major outage · opened 2026-11-03 05:00 EST · ongoing",
		]);
		expect(wordsOf(months[2] as HtmlElement)).toContain("Login and sign-up: major outage");
		const older = byName(byId(first, "incident-months"), "a").find((a) => a.attributes.rel === "next");
		expect(older?.attributes.href).toBe(`${PAGE_PATHS.history}?before=2026-10`);

		const second = parseHtml(await (await get(`${PAGE_PATHS.history}?before=2026-10`)).text());
		const olderMonths = monthSections(second);
		expect(olderMonths.map((month) => wordsOf(byName(month, "h3")[0] as HtmlElement))).toEqual([
			"September 2026 (0 incidents)",
			"August 2026 (0 incidents)",
			"July 2026 (0 incidents)",
		]);
		expect(wordsOf(olderMonths[0] as HtmlElement)).toContain("No incidents reported.");
		const links = byName(byId(second, "incident-months"), "a");
		expect(links.map((a) => a.attributes.href)).toEqual([`${PAGE_PATHS.history}?before=2026-07`, PAGE_PATHS.history]);
		const third = parseHtml(await (await get(`${PAGE_PATHS.history}?before=2026-07`)).text());
		expect(wordsOf(byId(third, "incident-months"))).toContain("June 2026 (1 incident)");
		expect(byName(byId(third, "incident-months"), "a").some((a) => a.attributes.rel === "next")).toBe(false);
	});

	it("answers a bad month cursor with problem+json 400, writing nothing", async () => {
		const before = await readTables();
		for (const cursor of ["2026-13", "2026-1", "next", "2027-01", "2026-12-01"]) {
			await expectProblem(await get(`${PAGE_PATHS.history}?before=${cursor}`), 400, "invalid_query");
		}
		expect(await readTables()).toEqual(before);
	});

	it("is linked from every page's footer", async () => {
		for (const path of [PAGE_PATHS.home, PAGE_PATHS.history]) {
			const tree = parseHtml(await (await get(path)).text());
			const footer = byName(tree, "footer")[0] as HtmlElement;
			expect(byName(footer, "a").map((a) => a.attributes.href)).toContain(PAGE_PATHS.history);
		}
	});
});
