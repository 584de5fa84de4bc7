import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { overallStatus } from "../../domain/overall-status";
import { PUBLIC_PATHS } from "../../paths";
import { publicCacheSeconds } from "../../public-cache/settings";
import { findSurface, notRegistered } from "../../surfaces/registry";
import type { AppEnv } from "../app-env";
import { overallBadge, renderBadge, STATE_BADGES } from "../badges";
import { cacheControl, cachedAnswer } from "../cache/cached-read";
import { notModifiedOr, strongEtag } from "../cache/etag";
import { PATH_READS } from "../cache/path-reads";
import { problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";
import { SVG_CONTENT_SECURITY_POLICY } from "../security-headers";
import { HealthResponseSchema, ShieldsResponseSchema, SurfaceParamsSchema } from "../signals/schemas";
import type { PublicSurfacesAnswer } from "../surfaces/schemas";

// Answers derived from the public surfaces read - the page's badge and shields.io endpoint, each
// surface's badge and shields.io endpoint, the health answer - taken from its caches (no D1 round trip when it has one,
// one when it has none) and carrying its data version in their own strong ETags.

/**
 * The health answer's status code is its payload: a shared cache must ask again every time, and may
 * never answer a stale 200 for a Worker that says 503 (no max-age, no stale-while-revalidate, no
 * stale-if-error). Its ETag keeps the revalidation a 304.
 */
const HEALTH_CACHE_CONTROL = "no-cache";

/** The public surfaces answer, from its caches or D1, and the data version it was read at. */
async function surfacesBoard(c: Context<AppEnv>): Promise<{ board: PublicSurfacesAnswer; version: number }> {
	const path = PUBLIC_PATHS.surfaces;
	const { response, version } = await cachedAnswer(c.env, c.executionCtx, { path }, PATH_READS[path]);
	return { board: await response.json<PublicSurfacesAnswer>(), version };
}

function derived(
	c: Context<AppEnv>,
	answer: { body: string; type: string; etag: string; status?: number; cacheControl?: string; csp?: string },
): Promise<Response> {
	const headers: Record<string, string> = {
		ETag: answer.etag,
		"Cache-Control": answer.cacheControl ?? cacheControl(publicCacheSeconds(c.env)),
		...(answer.csp ? { "Content-Security-Policy": answer.csp } : {}),
	};
	const response = new Response(answer.body, {
		status: answer.status ?? 200,
		headers: { ...headers, "Content-Type": answer.type },
	});
	return notModifiedOr(c.req.raw, response);
}

function surfaceOf(id: string) {
	const surface = findSurface(id);
	if (!surface) throw new HttpProblem("not_found", notRegistered([id]));
	return surface;
}

const svg = { "image/svg+xml": { schema: z.string().openapi({ description: "A flat badge (SVG)" }) } };

const pageBadge = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.badge,
	summary: "A badge of the page's overall status (SVG)",
	description:
		"Label `status`, the overall status's words (the table in docs/api.md), coloured by its state. Cached like the surfaces read.",
	responses: {
		200: { description: "The badge", content: svg },
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

const pageShields = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.shields,
	summary: "The page's overall status in shields.io's endpoint format",
	description:
		"For https://img.shields.io/endpoint?url=... : schemaVersion 1, label `status`, the overall status's words as the message (the table in docs/api.md), the colour of its state.",
	responses: {
		200: { description: "The endpoint answer", content: { "application/json": { schema: ShieldsResponseSchema } } },
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

const surfaceBadge = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.surfaceBadge,
	summary: "A badge of one surface's state (SVG)",
	request: { params: SurfaceParamsSchema },
	responses: {
		200: { description: "The badge", content: svg },
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(404, 503),
	},
});

const surfaceShields = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.surfaceShields,
	summary: "One surface's state in shields.io's endpoint format",
	description: "For https://img.shields.io/endpoint?url=... : schemaVersion 1, label, message, color.",
	request: { params: SurfaceParamsSchema },
	responses: {
		200: { description: "The endpoint answer", content: { "application/json": { schema: ShieldsResponseSchema } } },
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(404, 503),
	},
});

const health = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.health,
	summary: "200 when no surface is DOWN, 503 when any is (for monitors that alert on status codes)",
	description: `\`Cache-Control: ${HEALTH_CACHE_CONTROL}\`: its status code is the answer, so a cache revalidates it every time (a 304 to its ETag) and never serves it stale. \`status\` is the overall status's health word (the table in docs/api.md): \`down\` (503) when any surface is DOWN, \`unknown\` (200) when no surface's state is known, else \`ok\`. The body lists the surfaces that are DOWN.`,
	responses: {
		200: {
			description: "No surface is down (status ok, or unknown when no surface's state is known)",
			content: { "application/json": { schema: HealthResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		503: {
			description: "At least one surface is down (listed), or the status database is unavailable (problem+json)",
			content: { "application/json": { schema: HealthResponseSchema } },
		},
	},
});

export const statusSignalRoutes = createRouter()
	.openapi(pageBadge, async (c) => {
		const { board, version } = await surfacesBoard(c);
		return derived(c, {
			body: renderBadge("status", overallBadge(board.overall)),
			type: "image/svg+xml",
			etag: strongEtag("badge-page", version),
			csp: SVG_CONTENT_SECURITY_POLICY,
		});
	})
	.openapi(pageShields, async (c) => {
		const { board, version } = await surfacesBoard(c);
		const { message, color } = overallBadge(board.overall);
		return derived(c, {
			body: JSON.stringify({ schemaVersion: 1, label: "status", message, color }),
			type: "application/json",
			etag: strongEtag("shields-page", version),
		});
	})
	.openapi(surfaceBadge, async (c) => {
		const surface = surfaceOf(c.req.valid("param").id);
		const { board, version } = await surfacesBoard(c);
		const state = board.surfaces.find((entry) => entry.id === surface.id)?.state ?? "UNKNOWN";
		return derived(c, {
			body: renderBadge(surface.name, STATE_BADGES[state]),
			type: "image/svg+xml",
			etag: strongEtag("badge", surface.id, version),
			csp: SVG_CONTENT_SECURITY_POLICY,
		});
	})
	.openapi(surfaceShields, async (c) => {
		const surface = surfaceOf(c.req.valid("param").id);
		const { board, version } = await surfacesBoard(c);
		const state = board.surfaces.find((entry) => entry.id === surface.id)?.state ?? "UNKNOWN";
		const { message, color } = STATE_BADGES[state];
		return derived(c, {
			body: JSON.stringify({ schemaVersion: 1, label: surface.name, message, color }),
			type: "application/json",
			etag: strongEtag("shields", surface.id, version),
		});
	})
	.openapi(health, async (c) => {
		const { board, version } = await surfacesBoard(c);
		const down = board.surfaces.filter((surface) => surface.state === "DOWN").map(({ id, name }) => ({ id, name }));
		const body = {
			status: overallStatus(board.surfaces.map(({ state }) => state)).health,
			down,
			generated_at: board.generated_at,
		};
		return derived(c, {
			body: JSON.stringify(body),
			type: "application/json",
			etag: strongEtag("health", version),
			status: body.status === "down" ? 503 : 200,
			cacheControl: HEALTH_CACHE_CONTROL,
		});
	});
