import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "../../src/app";
import { TAGS } from "../../src/http/openapi-helpers";
import { ROUTE_MODULES } from "../../src/http/routes";
import { INTERNAL_PATHS, PAGE_PATHS, SUBSCRIPTION_LINK_PATHS } from "../../src/paths";
import { CURRENT_TOKEN, call, expectProblem } from "./support/http";
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
		expect(operations.length).toBe(44);
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
			expect(problem.detail).toMatch(/^The (body|path)( \(a FreeScout delivery\))? has \d+ problem\(s\): /);
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
				await callModule(module, operation, {
					query: "?at=yesterday&start=soon&end=later&before=soon&days=0&months=0",
				}),
				400,
				"invalid_query",
			);
			expect(problem.detail).toMatch(/^The query has \d+ problem\(s\): /);
		},
	);

	it("covers the routes that take input: a body route and the query routes", () => {
		expect(withBody.map(({ operation }) => operation.path)).toContain(INTERNAL_PATHS.updateSurface);
		expect(withQuery.length).toBe(10);
	});
});

async function createAppDocument(): Promise<Response> {
	const { createApp } = await import("../../src/app");
	return createApp().request(OPENAPI_PATH, {}, env, createExecutionContext());
}

// A known path called with a method it does not answer: 405 with Allow, through the Worker's entry
// point (the pre-routing fast path included), for every path the app registers.

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every path template the app answers, and the methods registered for it. */
function registeredMethods(): Map<string, Set<string>> {
	const byPath = new Map<string, Set<string>>();
	const add = (path: string, method: string) => byPath.set(path, (byPath.get(path) ?? new Set()).add(method));
	for (const { operation } of operations) add(operation.path, operation.method);
	// The HTML page and the document itself are served outside the route modules' OpenAPI registries.
	for (const path of [...Object.values(PAGE_PATHS), OPENAPI_PATH]) add(path, "GET");
	// The subscription links: a GET shows a page, a POST acts.
	for (const path of Object.values(SUBSCRIPTION_LINK_PATHS)) for (const method of ["GET", "POST"]) add(path, method);
	return byPath;
}

/** The Allow header a path's answer must carry: its methods, HEAD with GET, OPTIONS where CORS preflights are answered. */
function expectedAllow(path: string, registered: Set<string>): string[] {
	const allowed = new Set(registered);
	if (allowed.has("GET")) allowed.add("HEAD");
	if (path.startsWith("/api/status/public/") || path.startsWith("/api/v2/")) allowed.add("OPTIONS");
	return METHODS.filter((method) => allowed.has(method));
}

const concrete = (template: string) =>
	template
		.replace("{id}", template.includes("incidents") ? "inc_00001" : "login")
		.replace("{key}", "planned-window")
		.replace("{name}", "style.0123456789abcdef.css")
		.replace("{token}", "A".repeat(43));

describe("a known path with a method it does not answer", () => {
	it("covers every path the app registers", async () => {
		const { createApp } = await import("../../src/app");
		const hono = new Set(
			createApp()
				.routes.filter((route) => route.method !== "ALL")
				.map((route) => route.path.replaceAll(/:(\w+)/g, "{$1}")),
		);
		expect([...registeredMethods().keys()].sort()).toEqual([...hono].sort());
	});

	it.each([...registeredMethods()].map(([template, methods]) => [template, methods] as const))(
		"%s: 405 problem+json with Allow equal to its methods, and nothing written",
		async (template, registered) => {
			await clearTables();
			const before = await readTables();
			const allow = expectedAllow(template, registered);
			const path = concrete(template);
			for (const method of METHODS.filter((method) => !allow.includes(method))) {
				const response = await call(path, {
					method,
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
					...(method === "HEAD" || method === "GET" ? {} : { body: "{}" }),
				});
				expect(response.headers.get("Allow"), `${method} ${path}`).toBe(allow.join(", "));
				if (method === "HEAD") {
					expect(response.status, `${method} ${path}`).toBe(405);
					expect(response.headers.get("Content-Type")).toBe("application/problem+json");
				} else {
					const problem = await expectProblem(response, 405, "method_not_allowed");
					expect(problem.detail).toBe(`${path} does not answer ${method}; it answers ${allow.join(", ")}.`);
				}
			}
			// The methods Allow names are answered (whatever the answer), never refused as not allowed.
			for (const method of allow.filter((method) => method === "GET" || method === "HEAD" || method === "OPTIONS")) {
				const response = await call(path, { method, headers: { Origin: "https://elsewhere.example" } });
				expect(response.status, `${method} ${path}`).not.toBe(405);
				await response.body?.cancel();
			}
			expect(await readTables()).toEqual(before);
		},
	);

	it("is documented once in the OpenAPI document, as a response with Allow and the Problem schema", async () => {
		const doc = await (await createAppDocument()).json<{
			info: { description: string };
			components: {
				responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
			};
		}>();
		const documented = doc.components.responses.MethodNotAllowed;
		expect(Object.keys(documented?.headers ?? {})).toEqual(["Allow"]);
		expect(documented?.content?.["application/problem+json"]).toEqual({
			schema: { $ref: "#/components/schemas/Problem" },
		});
		expect(doc.info.description).toContain("405");
	});

	it("an unknown path stays 404 whatever the method, with no Allow", async () => {
		for (const method of METHODS) {
			for (const path of ["/api/status/public/nothing-here", "/api/internal/status/nothing", "/nothing-here"]) {
				const response = await call(path, { method });
				expect(response.status, `${method} ${path}`).toBe(
					method === "OPTIONS" && path.startsWith("/api/status/public/") ? 204 : 404,
				);
				expect(response.headers.get("Allow")).toBeNull();
				await response.body?.cancel();
			}
		}
	});
});
