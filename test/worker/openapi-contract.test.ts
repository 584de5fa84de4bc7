import { beforeEach, describe, expect, it } from "vitest";
import { ATLASSIAN_V2_PATHS, INTERNAL_PATH_PREFIX, OPENAPI_PATH, PUBLIC_PATHS } from "../../src/paths";
import { cycleAt, HOUR, iso, MINUTE, putOk, windowBody } from "./maintenance/support";
import { relayBody, sendRelay } from "./support/freescout";
import { call, updateSurface } from "./support/http";
import { type SchemaProblem, schemaProblems } from "./support/json-schema";
import { clearTables } from "./support/tables";
import { atTime } from "./uptime/support";

interface Operation {
	responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiDocument {
	paths: Record<string, Record<string, Operation>>;
}

/** A Tuesday, 10:00 in New York: the market is open. */
const NOW = Date.parse("2026-12-01T15:00:00Z");

beforeEach(clearTables);

async function servedDocument(): Promise<OpenApiDocument> {
	const response = await call(OPENAPI_PATH);
	expect(response.status).toBe(200);
	return response.json<OpenApiDocument>();
}

/** The schema the document declares for an operation's answer with this status and content type. */
function declaredSchema(doc: OpenApiDocument, template: string, status: number, contentType: string): unknown {
	const schema = doc.paths[template]?.get?.responses[String(status)]?.content?.[contentType]?.schema;
	if (schema === undefined) throw new Error(`GET ${template} documents no ${contentType} answer for ${status}`);
	return schema;
}

/** One line per kind of problem: array indexes as *, with how often it occurs. */
function describeProblems(problems: SchemaProblem[]): string {
	const counts = new Map<string, number>();
	for (const problem of problems) {
		const line = `${problem.at.replaceAll(/\/\d+(?=\/|$)/g, "/*") || "/"}: ${problem.message}`;
		counts.set(line, (counts.get(line) ?? 0) + 1);
	}
	return [...counts].map(([line, count]) => (count > 1 ? `${line} (${count} times)` : line)).join("\n");
}

/**
 * Realistic state, so that no list is empty: a resolved and an open incident through the FreeScout
 * webhook, a maintenance window in progress and one upcoming, and a degraded surface.
 */
async function writeState(): Promise<void> {
	const send = async (at: number, body: string) => {
		const response = await atTime(at, () => sendRelay(body));
		if (response.status !== 200) throw new Error(`webhook: ${response.status} ${await response.text()}`);
	};
	const opened = NOW - 3 * HOUR;
	await send(
		opened,
		relayBody("conversation.created", {
			id: 4101,
			status: "active",
			created_at: iso(opened),
			updated_at: iso(opened),
			component: "app-raxx-app",
			note: "Logins fail for some users",
			severity: "partial",
		}),
	);
	await send(
		NOW - 2 * HOUR,
		relayBody("conversation.updated", {
			id: 4101,
			status: "closed",
			created_at: iso(opened),
			updated_at: iso(NOW - 2 * HOUR),
			component: "app-raxx-app",
			note: "Logins work again",
			severity: "partial",
		}),
	);
	await putOk(
		"contract-now",
		windowBody({ surface_ids: ["login"], starts_at: iso(NOW - 30 * MINUTE), ends_at: iso(NOW + 2 * HOUR) }),
		NOW - HOUR,
	);
	await putOk(
		"contract-later",
		windowBody({
			title: "Network maintenance",
			surface_ids: ["charts"],
			starts_at: iso(NOW + 24 * HOUR),
			ends_at: iso(NOW + 26 * HOUR),
		}),
		NOW - HOUR,
	);
	await cycleAt(NOW - 20 * MINUTE);
	const degraded = await atTime(NOW - 10 * MINUTE, () =>
		updateSurface({
			surface_id: "charts",
			state: "DEGRADED",
			state_source: "manual",
			actor: "ops",
			public_note: "Charts load slowly",
		}),
	);
	if (degraded.status !== 200) throw new Error(`update-surface: ${degraded.status} ${await degraded.text()}`);
	await send(
		NOW - 5 * MINUTE,
		relayBody("conversation.created", {
			id: 4102,
			status: "active",
			created_at: iso(NOW - 5 * MINUTE),
			updated_at: iso(NOW - 5 * MINUTE),
			component: "app-raxx-app",
			note: "Logins are slow",
			severity: "degraded",
			incidentStatus: "identified",
		}),
	);
}

/** What a GET answers on the path a template names, with the ids and queries the state above has. */
function concretePath(template: string, incidentId: string): string {
	if (template === PUBLIC_PATHS.marketCalendar) return `${template}?start=2026-12-01&end=2026-12-31`;
	if (template === PUBLIC_PATHS.uptime) return `${template}?days=30`;
	return template.replace("{id}", template.includes("/incidents/") ? incidentId : "charts");
}

describe("every public JSON answer matches the schema the served OpenAPI document declares for it", () => {
	it("surfaces, incidents, uptime, maintenances, the widgets, health, shields.json and the v2 JSON", async () => {
		await writeState();
		const doc = await servedDocument();
		const incidents = await atTime(NOW, async () =>
			(await call(PUBLIC_PATHS.incidents)).json<{ incidents: { id: string; resolved_at: string | null }[] }>(),
		);
		const open = incidents.incidents.find((incident) => incident.resolved_at === null);
		expect(open, "an open incident").toBeDefined();
		expect(
			incidents.incidents.some((incident) => incident.resolved_at !== null),
			"a resolved incident",
		).toBe(true);

		const jsonReads = Object.entries(doc.paths)
			.filter(([, operations]) => operations.get?.responses["200"]?.content?.["application/json"])
			.map(([template]) => template)
			.filter((template) => template !== OPENAPI_PATH && !template.startsWith(INTERNAL_PATH_PREFIX.slice(0, -1)));
		expect(jsonReads.sort()).toEqual(
			[
				PUBLIC_PATHS.surfaces,
				PUBLIC_PATHS.incidents,
				PUBLIC_PATHS.incident,
				PUBLIC_PATHS.uptime,
				PUBLIC_PATHS.maintenances,
				PUBLIC_PATHS.marketTime,
				PUBLIC_PATHS.marketCalendar,
				PUBLIC_PATHS.health,
				PUBLIC_PATHS.shields,
				PUBLIC_PATHS.surfaceShields,
				...Object.values(ATLASSIAN_V2_PATHS),
			].sort(),
		);

		const answers = new Map<string, unknown>();
		const mismatches: string[] = [];
		const undeclared: string[] = [];
		for (const template of jsonReads) {
			const path = concretePath(template, open?.id ?? "");
			const response = await atTime(NOW, () => call(path));
			const text = await response.text();
			expect(response.status, `${path}: ${text}`).toBe(200);
			expect(response.headers.get("Content-Type")?.split(";")[0], path).toBe("application/json");
			const answer: unknown = JSON.parse(text);
			answers.set(template, answer);
			const schema = declaredSchema(doc, template, 200, "application/json");
			const problems = schemaProblems(answer, schema, doc);
			if (problems.length > 0) mismatches.push(`GET ${path}\n${describeProblems(problems)}`);
			const extra = schemaProblems(answer, schema, doc, { undeclared: true }).filter(
				(problem) => !problems.some((known) => known.at === problem.at && known.message === problem.message),
			);
			if (extra.length > 0) undeclared.push(`GET ${path}\n${describeProblems(extra)}`);
		}
		expect(mismatches, mismatches.join("\n\n")).toEqual([]);
		expect(undeclared, undeclared.join("\n\n")).toEqual([]);

		// The answers validated were not empty lists.
		const lengthOf = (template: string, key: string) => {
			const answer = answers.get(template) as Record<string, unknown[]> | undefined;
			return answer?.[key]?.length ?? 0;
		};
		const surfaces = answers.get(PUBLIC_PATHS.surfaces) as { surfaces: { id: string; state: string }[] };
		expect(surfaces.surfaces.find((surface) => surface.id === "charts")?.state).toBe("DEGRADED");
		expect(surfaces.surfaces.find((surface) => surface.id === "login")?.state).toBe("MAINTENANCE");
		expect(lengthOf(PUBLIC_PATHS.incidents, "incidents")).toBeGreaterThanOrEqual(2);
		expect(lengthOf(PUBLIC_PATHS.maintenances, "maintenances")).toBeGreaterThanOrEqual(2);
		expect(lengthOf(ATLASSIAN_V2_PATHS.incidents, "incidents")).toBeGreaterThanOrEqual(2);
		expect(lengthOf(ATLASSIAN_V2_PATHS.unresolvedIncidents, "incidents")).toBeGreaterThanOrEqual(1);
		expect(lengthOf(ATLASSIAN_V2_PATHS.summary, "incidents")).toBeGreaterThanOrEqual(1);
		expect(lengthOf(ATLASSIAN_V2_PATHS.summary, "scheduled_maintenances")).toBeGreaterThanOrEqual(1);
		expect(lengthOf(ATLASSIAN_V2_PATHS.maintenances, "scheduled_maintenances")).toBeGreaterThanOrEqual(2);
		expect(lengthOf(ATLASSIAN_V2_PATHS.upcomingMaintenances, "scheduled_maintenances")).toBe(1);
		expect(lengthOf(ATLASSIAN_V2_PATHS.activeMaintenances, "scheduled_maintenances")).toBe(1);
	});

	it("the problems a public read answers match the Problem schema documented for them", async () => {
		const doc = await servedDocument();
		for (const [template, path, status] of [
			[PUBLIC_PATHS.incident, PUBLIC_PATHS.incident.replace("{id}", "inc_99999"), 404],
			[PUBLIC_PATHS.uptime, `${PUBLIC_PATHS.uptime}?days=0`, 400],
			[PUBLIC_PATHS.marketCalendar, `${PUBLIC_PATHS.marketCalendar}?start=2026-12-31&end=2026-12-01`, 400],
		] as const) {
			const response = await atTime(NOW, () => call(path));
			expect(response.status, path).toBe(status);
			expect(response.headers.get("Content-Type"), path).toBe("application/problem+json");
			const schema = declaredSchema(doc, template, status, "application/problem+json");
			const problems = schemaProblems(await response.json(), schema, doc, { undeclared: true });
			expect(problems, `${path}\n${describeProblems(problems)}`).toEqual([]);
		}
	});
});

/** The fields of a v2 summary that the check below breaks. */
interface SummaryToBreak {
	page?: unknown;
	components: [{ status: unknown; position: unknown }];
	incidents: [{ created_at: unknown }];
	scheduled_maintenances: unknown;
}

describe("the schema check fails on an answer that breaks its schema", () => {
	it("a missing field, a wrong type, a value outside its enum, a malformed instant, an undeclared field", async () => {
		await writeState();
		const doc = await servedDocument();
		const summarySchema = declaredSchema(doc, ATLASSIAN_V2_PATHS.summary, 200, "application/json");
		const summary = await atTime(NOW, async () =>
			(await call(ATLASSIAN_V2_PATHS.summary)).json<Record<string, unknown>>(),
		);
		expect(schemaProblems(summary, summarySchema, doc)).toEqual([]);

		const broken = (change: (copy: SummaryToBreak) => void) => {
			const copy = structuredClone(summary) as unknown as SummaryToBreak;
			change(copy);
			return schemaProblems(copy, summarySchema, doc).map((problem) => problem.at);
		};
		expect(
			broken((copy) => {
				delete copy.page;
			}),
		).toEqual([""]);
		expect(
			broken((copy) => {
				copy.components[0].status = "broken";
			}),
		).toEqual(["/components/0/status"]);
		expect(
			broken((copy) => {
				copy.components[0].position = "first";
			}),
		).toEqual(["/components/0/position"]);
		expect(
			broken((copy) => {
				copy.incidents[0].created_at = "yesterday";
			}),
		).toEqual(["/incidents/0/created_at"]);
		expect(
			broken((copy) => {
				copy.scheduled_maintenances = {};
			}),
		).toEqual(["/scheduled_maintenances"]);

		const surfacesSchema = declaredSchema(doc, PUBLIC_PATHS.surfaces, 200, "application/json");
		const surfaces = await atTime(NOW, async () => (await call(PUBLIC_PATHS.surfaces)).json<{ surfaces: object[] }>());
		const withExtra = { ...surfaces, surfaces: [{ ...surfaces.surfaces[0], colour: "red" }] };
		expect(schemaProblems(withExtra, surfacesSchema, doc)).toEqual([]);
		expect(schemaProblems(withExtra, surfacesSchema, doc, { undeclared: true })).toEqual([
			{ at: "/surfaces/0/colour", message: "the property colour is not declared" },
		]);
		// Where the document closes an object (additionalProperties: false), an extra field fails outright.
		const request = { $ref: "#/components/schemas/MaintenanceRequest" };
		const body = { title: "Upgrade", surface_ids: ["login"], starts_at: iso(NOW), ends_at: iso(NOW + HOUR) };
		expect(schemaProblems(body, request, doc)).toEqual([]);
		expect(schemaProblems({ ...body, colour: "red" }, request, doc).map((problem) => problem.at)).toEqual(["/colour"]);
		expect(() => schemaProblems("x", { type: "string", contentEncoding: "base64" }, doc)).toThrow(/not supported/);
	});
});
