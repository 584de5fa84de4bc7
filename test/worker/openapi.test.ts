import { describe, expect, it } from "vitest";
import { createApp, OPENAPI_PATH } from "../../src/app";
import { INTERNAL_PATHS } from "../../src/paths";
import { call } from "./support/http";

interface OpenApiDocument {
	openapi: string;
	paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
	components: { securitySchemes: Record<string, unknown> };
}

describe("GET /api/openapi.json", () => {
	it("is an OpenAPI 3.1 document with every route the app serves", async () => {
		const response = await call(OPENAPI_PATH);
		expect(response.status).toBe(200);
		const doc = await response.json<OpenApiDocument>();
		expect(doc.openapi).toBe("3.1.0");

		const served = createApp()
			.routes.filter((route) => route.method !== "ALL" && route.path !== OPENAPI_PATH)
			.map((route) => `${route.method.toLowerCase()} ${route.path.replaceAll(/:(\w+)/g, "{$1}")}`);
		const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
			Object.keys(operations).map((method) => `${method} ${path}`),
		);
		expect(new Set(served).size).toBeGreaterThanOrEqual(3);
		expect(documented.sort()).toEqual([...new Set(served)].sort());
	});

	it("documents the token on internal routes and problem+json errors", async () => {
		const doc = await (await call(OPENAPI_PATH)).json<OpenApiDocument>();
		expect(doc.components.securitySchemes.InternalToken).toEqual({
			type: "apiKey",
			in: "header",
			name: "X-Internal-Status-Token",
		});
		const update = doc.paths[INTERNAL_PATHS.updateSurface]?.post;
		expect(update?.security).toEqual([{ InternalToken: [] }]);
		expect(Object.keys(update?.responses ?? {}).sort()).toEqual(["200", "400", "401", "413", "415", "422", "503"]);
	});
});
