import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import type { ComponentStatus } from "../../../src/domain/atlassian-v2-words";
import { overallStatus } from "../../../src/domain/overall-status";
import { SURFACE_STATES, type SurfaceState } from "../../../src/domain/vocabulary";
import { readStatuspage } from "../../../src/integrations/partners/statuspage";
import { ATLASSIAN_V2_PATHS } from "../../../src/paths";
import { SURFACES } from "../../../src/surfaces/registry";
import github from "../../fixtures/partners/statuspage-summary-github-2019-05-10.json";
import huobi from "../../fixtures/partners/statuspage-summary-huobi-incident-and-maintenance-2020-02-11.json";
import { cycleAt, deleteWindow, HOUR, iso, MINUTE, putOk, windowBody } from "../maintenance/support";
import { call, expectProblem } from "../support/http";
import { runs } from "../support/runs";
import { clearTables, readTables } from "../support/tables";
import { atTime, insertIncident } from "../uptime/support";
import { getV2, NOW, setState, ticketAt, v2Json } from "./support";

// Atlassian Statuspage's public API v2, read-only, from the same data.

beforeEach(clearTables);

interface Component {
	id: string;
	name: string;
	status: ComponentStatus;
	group: boolean;
	group_id: string | null;
	position: number;
	components?: string[];
}
interface Incident {
	id: string;
	name: string;
	status: string;
	impact: string;
	resolved_at: string | null;
	monitoring_at: string | null;
	incident_updates: { id: string; status: string; body: string; affected_components: unknown }[];
	components: Component[];
}
interface Maintenance {
	id: string;
	name: string;
	status: string;
	scheduled_for: string;
	scheduled_until: string;
	incident_updates: { id: string; status: string; body: string }[];
}
interface Summary {
	page: Record<string, unknown>;
	components: Component[];
	incidents: Incident[];
	scheduled_maintenances: Maintenance[];
	status: { indicator: string; description: string };
}

/** A page with something in every list: states, an open incident with two updates, maintenance. */
async function busyPage(): Promise<Summary> {
	await atTime(NOW, async () => {
		await setState("login", "DEGRADED", "Slow logins");
		await setState("charts", "OPERATIONAL");
		await setState("deposits", "OPERATIONAL");
	});
	expect((await ticketAt(40, 1, {})).status).toBe(200);
	expect((await ticketAt(40, 5, { incidentStatus: "identified", note: "A bad deploy" })).status).toBe(200);
	await putOk("soon", windowBody({ starts_at: iso(NOW + 2 * HOUR), ends_at: iso(NOW + 3 * HOUR) }), NOW);
	await putOk(
		"now",
		windowBody({ title: "Bank link upgrade", surface_ids: ["deposits"], starts_at: iso(NOW + 10 * MINUTE) }),
		NOW,
	);
	await cycleAt(NOW + 11 * MINUTE);
	return atTime(NOW + 12 * MINUTE, () => v2Json<Summary>(ATLASSIAN_V2_PATHS.summary));
}

// Where Statuspage itself sends null or a string (or a list) for the same field.
const NULLABLE = new Set([
	"description",
	"group_id",
	"monitoring_at",
	"resolved_at",
	"custom_tweet",
	"tweet_id",
	"affected_components",
	"start_date",
]);

const jsonType = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Every field of `real` is in `ours` with the same JSON type (or null where Statuspage allows it). */
function sameShape(real: unknown, ours: unknown, path: string, problems: string[], field = ""): void {
	const [realType, ourType] = [jsonType(real), jsonType(ours)];
	if (realType !== ourType) {
		if (!(NULLABLE.has(field) && (realType === "null" || ourType === "null"))) {
			problems.push(`${path}: Statuspage has ${realType}, we have ${ourType}`);
		}
		return;
	}
	if (Array.isArray(real) && Array.isArray(ours)) {
		if (real.length === 0) return;
		if (ours.length === 0) problems.push(`${path}: empty here, so unchecked`);
		for (const [index, item] of ours.entries()) sameShape(real[0], item, `${path}[${index}]`, problems, field);
		return;
	}
	if (realType === "object") {
		for (const [key, value] of Object.entries(real as object)) {
			if (!Object.hasOwn(ours as object, key)) problems.push(`${path}.${key}: missing`);
			else sameShape(value, (ours as Record<string, unknown>)[key], `${path}.${key}`, problems, key);
		}
	}
}

describe("Statuspage's shapes", () => {
	it("has every field of the real captured summary.json pages, with the same JSON type", async () => {
		const summary = await busyPage();
		for (const [name, real] of Object.entries({ github, huobi })) {
			const problems: string[] = [];
			sameShape(real, summary, name, problems);
			expect(problems).toEqual([]);
		}
		// The checks above saw every list filled.
		expect(summary.incidents).toHaveLength(1);
		expect(summary.scheduled_maintenances.map((window) => window.status)).toEqual(["in_progress", "scheduled"]);
	});

	it("the page: id, name, url and zone from configuration, updated_at the latest change", async () => {
		const summary = await busyPage();
		expect(summary.page).toEqual({
			id: "raxx-app",
			name: "raxx.app",
			url: env.STATUS_PUBLIC_ORIGIN,
			time_zone: "UTC",
			updated_at: iso(NOW + 11 * MINUTE),
		});
	});

	it("components: each group, then its surfaces; UNKNOWN surfaces (and groups of only those) left out", async () => {
		await setState("login", "DEGRADED");
		await setState("two-factor-auth", "PARTIAL");
		await setState("order-placement", "DOWN");
		await setState("charts", "MAINTENANCE");
		await setState("market-news", "OPERATIONAL");
		await setState("realtime-quotes", "UNKNOWN");
		const { components } = await v2Json<{ components: Component[] }>(ATLASSIAN_V2_PATHS.components);
		expect(
			components.map(({ id, status, group, group_id, position }) => [id, status, group, group_id, position]),
		).toEqual([
			["group-accounts", "partial_outage", true, null, 1],
			["login", "degraded_performance", false, "group-accounts", 1],
			["two-factor-auth", "partial_outage", false, "group-accounts", 2],
			["group-trading", "major_outage", true, null, 2],
			["order-placement", "major_outage", false, "group-trading", 1],
			["group-market-data", "under_maintenance", true, null, 3],
			["charts", "under_maintenance", false, "group-market-data", 1],
			["market-news", "operational", false, "group-market-data", 2],
		]);
		expect(components.find((component) => component.id === "group-market-data")?.components).toEqual([
			"charts",
			"market-news",
		]);
		expect(components.every((component) => component.id !== "realtime-quotes")).toBe(true);
	});

	it("incidents: status and updates from the timeline, impact from severity, unresolved apart", async () => {
		await busyPage();
		expect((await ticketAt(41, 6, { component: "charts", severity: "partial", note: "Charts lag" })).status).toBe(200);
		expect(
			(await ticketAt(41, 9, { component: "charts", severity: "partial", note: "Charts lag", status: "closed" }))
				.status,
		).toBe(200);
		const { incidents } = await atTime(NOW + 12 * MINUTE, () =>
			v2Json<{ incidents: Incident[] }>(ATLASSIAN_V2_PATHS.incidents),
		);
		expect(incidents.map(({ name, status, impact }) => [name, status, impact])).toEqual([
			["Charts and price history: partial outage", "resolved", "minor"],
			["Order placement: major outage", "identified", "major"],
		]);
		const [charts, orders] = incidents;
		expect(charts?.incident_updates.map(({ status, body }) => [status, body])).toEqual([
			["resolved", "Charts lag"],
			["investigating", "Charts lag"],
		]);
		expect(charts?.incident_updates[0]?.affected_components).toEqual([
			{ code: "charts", name: "Charts and price history", old_status: "partial_outage", new_status: "operational" },
		]);
		expect(orders?.incident_updates.map(({ status, body }) => [status, body])).toEqual([
			["identified", "A bad deploy"],
			["investigating", "Orders fail"],
		]);
		expect(orders?.components.map((component) => [component.id, component.status])).toEqual([
			["order-placement", "major_outage"],
		]);
		const unresolved = await v2Json<{ incidents: Incident[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents);
		expect(unresolved.incidents.map((incident) => incident.id)).toEqual([orders?.id]);
	});

	it("incidents.json: the 50 most recent whatever their age, the open ones first; unresolved.json: every open one", async () => {
		const day = 24 * HOUR;
		// 60 incidents resolved long ago (outside the public 30-day window), and an open one older still.
		for (let index = 1; index <= 60; index += 1) {
			await insertIncident({
				id: index,
				surfaceId: "charts",
				openedAt: NOW - 400 * day + index * day,
				resolvedAt: NOW - 400 * day + index * day + HOUR,
			});
		}
		await insertIncident({ id: 99, surfaceId: "login", openedAt: NOW - 500 * day, resolvedAt: null });
		const { incidents } = await atTime(NOW, () => v2Json<{ incidents: Incident[] }>(ATLASSIAN_V2_PATHS.incidents));
		// At most 50 (MAX_LISTED_INCIDENTS), the open one among them however old: 49 of the latest resolved.
		expect(incidents.map((incident) => incident.id)).toEqual([
			...Array.from({ length: 49 }, (_, index) => `inc_${String(60 - index).padStart(5, "0")}`),
			"inc_00099",
		]);
		// An incident without a recorded timeline reads as one update, where it stands.
		expect(incidents[0]?.incident_updates.map((update) => update.status)).toEqual(["resolved"]);
		const unresolved = await atTime(NOW, () =>
			v2Json<{ incidents: Incident[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents),
		);
		expect(unresolved.incidents.map((incident) => [incident.id, incident.status])).toEqual([
			["inc_00099", "investigating"],
		]);
	});

	it("scheduled maintenance: upcoming, active, all; announcements as updates; cancelled windows left out", async () => {
		await putOk("soon", windowBody({ starts_at: iso(NOW + 2 * HOUR), ends_at: iso(NOW + 3 * HOUR) }), NOW);
		await putOk("now", windowBody({ title: "Bank link upgrade", starts_at: iso(NOW + MINUTE) }), NOW);
		await putOk(
			"done",
			windowBody({ title: "Done", starts_at: iso(NOW + MINUTE), ends_at: iso(NOW + 3 * MINUTE) }),
			NOW,
		);
		await putOk(
			"dropped",
			windowBody({ title: "Dropped", starts_at: iso(NOW + 5 * HOUR), ends_at: iso(NOW + 6 * HOUR) }),
			NOW,
		);
		await cycleAt(NOW + 2 * MINUTE);
		await cycleAt(NOW + 4 * MINUTE);
		expect((await deleteWindow("dropped", NOW + 5 * MINUTE)).status).toBe(200);
		const list = (path: (typeof ATLASSIAN_V2_PATHS)["maintenances" | "upcomingMaintenances" | "activeMaintenances"]) =>
			atTime(NOW + 6 * MINUTE, async () =>
				(await v2Json<{ scheduled_maintenances: Maintenance[] }>(path)).scheduled_maintenances.map((window) => [
					window.name,
					window.status,
					window.incident_updates.map((update) => update.status),
				]),
			);
		expect(await list(ATLASSIAN_V2_PATHS.maintenances)).toEqual([
			["Bank link upgrade", "in_progress", ["in_progress", "scheduled"]],
			["Database upgrade", "scheduled", ["scheduled"]],
			["Done", "completed", ["completed", "in_progress", "scheduled"]],
		]);
		expect(await list(ATLASSIAN_V2_PATHS.upcomingMaintenances)).toEqual([
			["Database upgrade", "scheduled", ["scheduled"]],
		]);
		expect(await list(ATLASSIAN_V2_PATHS.activeMaintenances)).toEqual([
			["Bank link upgrade", "in_progress", ["in_progress", "scheduled"]],
		]);
		const [active] = (
			await atTime(NOW + 6 * MINUTE, () =>
				v2Json<{ scheduled_maintenances: Maintenance[] }>(ATLASSIAN_V2_PATHS.activeMaintenances),
			)
		).scheduled_maintenances;
		expect(active?.scheduled_for).toBe(iso(NOW + MINUTE));
		expect(active?.scheduled_until).toBe(iso(NOW + 2 * HOUR));
		expect(active?.incident_updates.at(-1)?.body).toBe("Orders may be delayed");
	});
});

describe("the status indicator", () => {
	// The truth table in docs/api.md, row by row, through the Worker.
	const TABLE: [Partial<Record<string, SurfaceState>>, string, string][] = [
		[{ login: "DOWN", charts: "DOWN" }, "critical", "Major System Outage"],
		[{ login: "DOWN", charts: "OPERATIONAL" }, "major", "Partial System Outage"],
		[{ login: "PARTIAL", charts: "PARTIAL" }, "major", "Partial System Outage"],
		[{ login: "PARTIAL", charts: "DEGRADED" }, "minor", "Minor Service Outage"],
		[{ login: "DEGRADED", charts: "DEGRADED" }, "minor", "Degraded System Service"],
		[{ login: "DEGRADED", charts: "MAINTENANCE" }, "minor", "Partially Degraded Service"],
		[{ login: "MAINTENANCE", charts: "OPERATIONAL" }, "maintenance", "Service Under Maintenance"],
		[{ login: "OPERATIONAL", charts: "OPERATIONAL" }, "none", "All Systems Operational"],
		[{ login: "OPERATIONAL", charts: "UNKNOWN" }, "none", "All Systems Operational"],
		[{ login: "UNKNOWN", charts: "UNKNOWN" }, "none", "Status Unknown"],
		[{}, "none", "Status Unknown"],
	];
	for (const [states, indicator, description] of TABLE) {
		it(`${JSON.stringify(states)} -> ${indicator} / ${description}`, async () => {
			for (const [id, state] of Object.entries(states)) await setState(id, state ?? "UNKNOWN");
			const { status } = await v2Json<{ status: Summary["status"] }>(ATLASSIAN_V2_PATHS.status);
			expect(status).toEqual({ indicator, description });
		});
	}
});

describe("round trip through this project's own Statuspage reader", () => {
	const INDICATOR_READS: Record<string, SurfaceState> = {
		none: "OPERATIONAL",
		minor: "DEGRADED",
		major: "PARTIAL",
		critical: "DOWN",
		maintenance: "MAINTENANCE",
	};

	it("recovers every known surface's state by component id, and the page's from components and indicator", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...SURFACE_STATES), { minLength: SURFACES.length, maxLength: SURFACES.length }),
				async (states) => {
					await clearTables();
					for (const [index, surface] of SURFACES.entries()) {
						if (states[index] !== "UNKNOWN") await setState(surface.id, states[index] ?? "UNKNOWN");
					}
					const summary = await v2Json(ATLASSIAN_V2_PATHS.summary);
					for (const [index, surface] of SURFACES.entries()) {
						const state = states[index] ?? "UNKNOWN";
						if (state === "UNKNOWN") continue;
						expect(readStatuspage(summary, [surface.id]), surface.id).toMatchObject({ state, missingComponents: [] });
					}
					const known = states.filter((state) => state !== "UNKNOWN");
					// The page read from its components is the worst known surface...
					expect(readStatuspage(summary, []).state).toBe(rankedWorst(known));
					// ...and from the indicator alone (status.json) Statuspage's blend: exact when every known
					// surface agrees or the worst is at most DEGRADED, never OPERATIONAL when one is not.
					const status = await v2Json(ATLASSIAN_V2_PATHS.status);
					const byIndicator = readStatuspage(status, []).state;
					expect(byIndicator).toBe(INDICATOR_READS[overallStatus(states).indicator]);
					const uniform = known.length > 0 && known.every((state) => state === known[0]);
					if (uniform || ["OPERATIONAL", "MAINTENANCE", "DEGRADED"].includes(rankedWorst(known))) {
						expect(byIndicator).toBe(rankedWorst(known));
					}
					expect(byIndicator === "OPERATIONAL").toBe(known.every((state) => state === "OPERATIONAL"));
				},
			),
			{ numRuns: runs(12, 120) },
		);
	});

	it("an open incident's surface reads as the incident left it", async () => {
		expect((await ticketAt(40, 1, { component: "charts", severity: "partial" })).status).toBe(200);
		const summary = await atTime(NOW + 2 * MINUTE, () => v2Json(ATLASSIAN_V2_PATHS.summary));
		expect(readStatuspage(summary, ["charts"]).state).toBe("PARTIAL");
		expect(readStatuspage(summary, []).state).toBe("PARTIAL");
	});
});

/** The worst known state (OPERATIONAL when none is known), by the page's severity order. */
function rankedWorst(known: readonly SurfaceState[]): SurfaceState {
	const order: SurfaceState[] = ["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE", "OPERATIONAL"];
	return order.find((state) => known.includes(state)) ?? "OPERATIONAL";
}

describe("the contract", () => {
	it("every endpoint: JSON, CORS, a strong ETag that gives 304 until a write, and new data at once", async () => {
		await setState("login", "DEGRADED");
		for (const path of Object.values(ATLASSIAN_V2_PATHS)) {
			const first = await getV2(path);
			expect(first.status, path).toBe(200);
			expect(first.headers.get("Content-Type")).toBe("application/json");
			expect(first.headers.get("Access-Control-Allow-Origin")).toBe("*");
			const etag = first.headers.get("ETag") ?? "";
			expect(etag).toMatch(/^"v2-[a-z-]+-\d+-[0-9a-f]{8}"$/);
			expect((await getV2(path, { "If-None-Match": etag })).status).toBe(304);
		}
		const etag = (await getV2(ATLASSIAN_V2_PATHS.status)).headers.get("ETag") ?? "";
		await setState("login", "DOWN");
		const after = await getV2(ATLASSIAN_V2_PATHS.status, { "If-None-Match": etag });
		expect(after.status).toBe(200);
		expect((await after.json<{ status: { indicator: string } }>()).status.indicator).toBe("critical");
	});

	it("a write method or an unknown v2 path is refused as problem+json, writing nothing", async () => {
		await setState("login", "DEGRADED");
		const before = await readTables();
		await expectProblem(
			await call(ATLASSIAN_V2_PATHS.summary, { method: "POST", body: "{}" }),
			405,
			"method_not_allowed",
		);
		await expectProblem(await call("/api/v2/pages.json"), 404, "not_found");
		await expectProblem(await call("/api/v2/components/__proto__.json"), 404, "not_found");
		expect(await readTables()).toEqual(before);
	});
});
