import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "../../src/app";
import { TAGS } from "../../src/http/openapi-helpers";
import { ROUTE_MODULES } from "../../src/http/routes";
import { INTERNAL_PATHS } from "../../src/paths";
import { CURRENT_TOKEN, expectProblem } from "./support/http";
import { clearTables, readTables } from "./support/tables";

type RouteModule = (typeof ROUTE_MODULES)[number];

interface Operation {
	method: string;
	path: string;
	tags: string[];
	hasBody: boolean;
	hasQuery: boolean;
}

/** What a route module itself declares, read from its own OpenAPI registry (not the app's). */
function operationsOf(module: RouteModule): Operation[] {
	return module.openAPIRegistry.definitions.flatMap((definition) => {
		if (definition.type !== "route") return [];
		const { route } = definition;
		return [
			{
				method: route.method.toUpperCase(),
				path: route.path,
				tags: route.tags ?? [],
				hasBody: route.request?.body !== undefined,
				hasQuery: route.request?.query !== undefined,
			},
		];
	});
}

/** Calls one route module on its own, unmounted: whatever answers is the module's own doing. */
function callModule(module: RouteModule, operation: Operation, init: { body?: string; query?: string }) {
	return module.request(
		`http://status.test${operation.path}${init.query ?? ""}`,
		{
			method: operation.method,
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
			...(init.body === undefined ? {} : { body: init.body }),
		},
		env,
		createExecutionContext(),
	);
}

const operations = ROUTE_MODULES.flatMap((module) => operationsOf(module).map((operation) => ({ module, operation })));
const withBody = operations.filter(({ operation }) => operation.hasBody);
const withQuery = operations.filter(({ operation }) => operation.hasQuery);

describe("route modules made by createRouter()", () => {
	it("declare every route the app serves, each with one known tag", async () => {
		const tagNames = new Set<string>(Object.values(TAGS).map((tag) => tag.name));
		expect(operations.length).toBe(28);
		for (const { operation } of operations) {
			expect(operation.tags, `${operation.method} ${operation.path}`).toHaveLength(1);
			expect(tagNames.has(operation.tags[0] ?? ""), `${operation.method} ${operation.path}`).toBe(true);
		}
		const doc = await (await createAppDocument()).json<{
			paths: Record<string, Record<string, { tags?: string[] }>>;
		}>();
		for (const [path, methods] of Object.entries(doc.paths)) {
			for (const [method, documented] of Object.entries(methods)) {
				expect(documented.tags?.length, `${method} ${path} in the document`).toBe(1);
			}
		}
	});

	it.each(
		withBody.map(({ module, operation }) => [`${operation.method} ${operation.path}`, module, operation] as const),
	)("%s on its own: malformed JSON is a 400 problem, and nothing is written", async (_name, module, operation) => {
		await clearTables();
		const before = await readTables();
		await expectProblem(await callModule(module, operation, { body: '{"surface_id": ' }), 400, "malformed_json");
		expect(await readTables()).toEqual(before);
	});

	it.each(
		withBody.map(({ module, operation }) => [`${operation.method} ${operation.path}`, module, operation] as const),
	)(
		"%s on its own: a body that fails the schema is a 400 problem from the router's validation hook",
		async (_name, module, operation) => {
			await clearTables();
			const before = await readTables();
			const problem = await expectProblem(
				await callModule(module, operation, { body: '{"unexpected": true}' }),
				400,
				"validation_failed",
			);
			expect(problem.detail).toMatch(/^The body( \(a FreeScout delivery\))? has \d+ problem\(s\): /);
			expect(problem.errors?.length).toBeGreaterThan(0);
			expect(await readTables()).toEqual(before);
		},
	);

	it.each(
		withQuery.map(({ module, operation }) => [`${operation.method} ${operation.path}`, module, operation] as const),
	)(
		"%s on its own: a query that fails the schema is a 400 problem from the router's validation hook",
		async (_name, module, operation) => {
			const problem = await expectProblem(
				await callModule(module, operation, { query: "?at=yesterday&start=soon&end=later&before=soon" }),
				400,
				"invalid_query",
			);
			expect(problem.detail).toMatch(/^The query has \d+ problem\(s\): /);
		},
	);

	it("covers the routes that take input: a body route and the query routes", () => {
		expect(withBody.map(({ operation }) => operation.path)).toContain(INTERNAL_PATHS.updateSurface);
		expect(withQuery.length).toBe(5);
	});
});

async function createAppDocument(): Promise<Response> {
	const { createApp } = await import("../../src/app");
	return createApp().request(OPENAPI_PATH, {}, env, createExecutionContext());
}
