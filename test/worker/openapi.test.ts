import { describe, expect, it } from "vitest";
import { createApp, OPENAPI_PATH } from "../../src/app";
import { INTERNAL_PATH_PREFIX, INTERNAL_PATHS, PAGE_PATHS } from "../../src/paths";
import { CURRENT_TOKEN, call, updateSurface } from "./support/http";

interface OpenApiDocument {
	openapi: string;
	paths: Record<
		string,
		Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] }>
	>;
	components: { securitySchemes: Record<string, unknown> };
}

describe("GET /api/openapi.json", () => {
	it("is an OpenAPI 3.1 document with every route the app serves but the HTML page and its files", async () => {
		const response = await call(OPENAPI_PATH);
		expect(response.status).toBe(200);
		const doc = await response.json<OpenApiDocument>();
		expect(doc.openapi).toBe("3.1.0");

		const page: ReadonlySet<string> = new Set(Object.values(PAGE_PATHS));
		const served = createApp()
			.routes.filter((route) => route.method !== "ALL" && route.path !== OPENAPI_PATH)
			.map((route) => ({ method: route.method.toLowerCase(), path: route.path.replaceAll(/:(\w+)/g, "{$1}") }))
			.filter((route) => !page.has(route.path))
			.map((route) => `${route.method} ${route.path}`);
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

	it("names the content type each read really answers with (JSON, SVG, Atom, RSS, CSV)", async () => {
		await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" });
		const doc = await (await call(OPENAPI_PATH)).json<OpenApiDocument>();
		const reads = Object.entries(doc.paths).filter(([path, operations]) => operations.get && path !== OPENAPI_PATH);
		const seen = new Set<string>();
		for (const [template, operations] of reads) {
			const path = template.replace("{id}", template.includes("/incidents/") ? "inc_00001" : "login");
			const token: Record<string, string> = path.startsWith(INTERNAL_PATH_PREFIX.slice(0, -1))
				? { "X-Internal-Status-Token": CURRENT_TOKEN }
				: {};
			const response = await call(path.includes("market-calendar") ? `${path}?start=2026-12-01&end=2026-12-31` : path, {
				headers: token,
			});
			if (response.status === 404) continue; // no incident inc_00001 in this test
			expect(response.status, path).toBeLessThan(300);
			const served = (response.headers.get("Content-Type") ?? "").split(";")[0] ?? "";
			expect(Object.keys(operations.get?.responses["200"]?.content ?? {}), path).toEqual([served]);
			seen.add(served);
		}
		expect([...seen].sort()).toEqual([
			"application/atom+xml",
			"application/json",
			"application/rss+xml",
			"image/svg+xml",
			"text/csv",
		]);
	});
});
