import type { Context } from "hono";
import { incidentIdOf } from "../../domain/incident-id";
import { marketClock } from "../../domain/market/market-clock";
import { configuredPageIdentity } from "../../domain/page-identity";
import { HISTORY_RESOLUTION_MS } from "../../domain/uptime/history-window";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { incidentPagePath, PAGE_PATHS } from "../../paths";
import { findIncident } from "../../verbs/list-incidents";
import { isHistoryCursor, readHistoryPage } from "../../verbs/read-history";
import { readPage } from "../../verbs/read-page";
import type { AppEnv } from "../app-env";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { cursorEtagParts, cursorOf, olderUpdatesPath, unknownCursor } from "../incidents/cursor";
import { prefersJson } from "../page/accept";
import { assetAt, pageAssets } from "../page/assets";
import { HistoryDocument } from "../page/history-page";
import { HomePage } from "../page/home-page";
import { IncidentPage } from "../page/incident-page";
import { NotFoundPage } from "../page/not-found-page";
import {
	HTML_CONTENT_TYPE,
	IMMUTABLE_CACHE_CONTROL,
	pageContentSecurityPolicy,
	pageFrameAncestors,
} from "../page/page-headers";
import { renderDocument } from "../page/render";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";

// The status page a person opens: HTML rendered here from the same data as the public reads,
// cached per data version like them (cache/cached-read.ts), so that the Worker alone is a whole status
// site when the app it reports on is down (docs/api.md, "The HTML page").

interface PageSettings {
	pageName: string;
	timeZone: string;
	/** Turnstile's public site key: the subscribe form carries its widget; empty: no widget. */
	turnstileSiteKey: string;
	contentSecurityPolicy: string;
}

function settingsOf(env: Env): PageSettings {
	const turnstileSiteKey = (env.TURNSTILE_SITE_KEY ?? "").trim();
	return {
		pageName: configuredPageIdentity(env).name,
		timeZone: pageTimeZone(env.STATUS_PAGE_TIME_ZONE),
		turnstileSiteKey,
		contentSecurityPolicy: pageContentSecurityPolicy(
			pageFrameAncestors(env.STATUS_PAGE_FRAME_ANCESTORS),
			turnstileSiteKey !== "",
		),
	};
}

/** The cached answer with the page's own policy (the cache keeps no per-deployment header). */
function withPolicy(response: Response, policy: string): Response {
	const headers = new Headers(response.headers);
	headers.set("Content-Security-Policy", policy);
	return new Response(response.body, { status: response.status, headers });
}

const NO_SUCH_INCIDENT = "No incident has this id (public ids are inc_NNNNN).";
const noSuchIncident = () => new HttpProblem("not_found", NO_SUCH_INCIDENT);

/**
 * A page's "not found": an HTML page with the way home for people, problem+json for a client whose
 * Accept prefers JSON. Never cached: the id may name an incident a moment later.
 */
async function notFound(c: Context<AppEnv>, message: string): Promise<Response> {
	if (prefersJson(c.req.header("Accept"))) throw new HttpProblem("not_found", message);
	const settings = settingsOf(c.env);
	const page = NotFoundPage({ ...settings, message, assets: await pageAssets(), readAt: Date.now() });
	return new Response(await renderDocument(page), {
		status: 404,
		headers: {
			"Content-Type": HTML_CONTENT_TYPE,
			"Cache-Control": "no-store",
			"Content-Security-Policy": settings.contentSecurityPolicy,
		},
	});
}

async function homePage(c: Context<AppEnv>): Promise<Response> {
	const settings = settingsOf(c.env);
	const assets = await pageAssets();
	const variant = `${PAGE_PATHS.home}?build=${assets.build}`;
	const response = await serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const data = await readPage(session, settings.timeZone, now);
		const minute = Math.floor(now.getTime() / HISTORY_RESOLUTION_MS);
		const etag = configuredEtag(c.env, "page", assets.build, data.version, minute);
		const page = HomePage({ ...settings, data, clock: marketClock(now), assets, etag, readAt: now.getTime() });
		return { body: await renderDocument(page), contentType: HTML_CONTENT_TYPE, version: data.version, etag };
	});
	return withPolicy(response, settings.contentSecurityPolicy);
}

async function incidentPage(c: Context<AppEnv>): Promise<Response> {
	const publicId = c.req.param("id") ?? "";
	const id = incidentIdOf(publicId);
	if (id === null) return notFound(c, NO_SUCH_INCIDENT);
	try {
		return await incidentPageOf(c, publicId, id);
	} catch (error) {
		if (error instanceof HttpProblem && error.code === "not_found") return notFound(c, NO_SUCH_INCIDENT);
		throw error;
	}
}

async function incidentPageOf(c: Context<AppEnv>, publicId: string, id: number): Promise<Response> {
	const settings = settingsOf(c.env);
	const assets = await pageAssets();
	const before = cursorOf(c.req.query("before"));
	const variant = `${olderUpdatesPath(incidentPagePath(publicId), before)}${before === null ? "?" : "&"}build=${assets.build}`;
	const response = await serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const { version, rows } = await findIncident(session, id, before);
		if (rows.kind === "no_incident") throw noSuchIncident();
		if (rows.kind === "unknown_cursor") throw unknownCursor();
		// An open incident's duration grows: its page names the minute too, as the home page does.
		const minute = rows.page.incident.resolvedAt === null ? [Math.floor(now.getTime() / HISTORY_RESOLUTION_MS)] : [];
		const etag = configuredEtag(
			c.env,
			"incident-page",
			assets.build,
			id,
			...cursorEtagParts(before),
			version,
			...minute,
		);
		const page = IncidentPage({ ...settings, entry: rows.page, before, assets, etag, readAt: now.getTime() });
		return { body: await renderDocument(page), contentType: HTML_CONTENT_TYPE, version, etag };
	});
	return withPolicy(response, settings.contentSecurityPolicy);
}

/** The `before` of a history page: a month ("2026-11") not after the current one; null for none; else 400. */
function historyCursorOf(query: string | undefined, timeZone: string): string | null {
	if (query === undefined) return null;
	if (isHistoryCursor(timeZone, query, new Date())) return query;
	throw new HttpProblem("invalid_query", "before must be a month as the page links it (YYYY-MM), not after this one.", [
		{ in: "query", path: "before", message: "must be a month YYYY-MM, not after the current one" },
	]);
}

async function historyPage(c: Context<AppEnv>): Promise<Response> {
	const settings = settingsOf(c.env);
	const assets = await pageAssets();
	const before = historyCursorOf(c.req.query("before"), settings.timeZone);
	const variant = `${PAGE_PATHS.history}?${before === null ? "" : `before=${before}&`}build=${assets.build}`;
	const response = await serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const history = await readHistoryPage(session, settings.timeZone, before, now);
		const minute = Math.floor(now.getTime() / HISTORY_RESOLUTION_MS);
		const etag = configuredEtag(c.env, "history", assets.build, before ?? "newest", history.version, minute);
		const page = HistoryDocument({ ...settings, history, before, assets, etag, readAt: now.getTime() });
		return { body: await renderDocument(page), contentType: HTML_CONTENT_TYPE, version: history.version, etag };
	});
	return withPolicy(response, settings.contentSecurityPolicy);
}

async function asset(c: Context<AppEnv>): Promise<Response> {
	const found = await assetAt(new URL(c.req.url).pathname);
	if (found === null) throw new HttpProblem("not_found", "No such file: assets are named by their content's hash.");
	return new Response(found.body, {
		headers: { "Content-Type": found.contentType, "Cache-Control": IMMUTABLE_CACHE_CONTROL },
	});
}

const honoPath = (template: string) => template.replace(/\{(\w+)\}/g, ":$1");

/** GET /, GET /incidents/{id} and GET /history (HTML), and the page's hashed stylesheet, script and icon. */
export const pageRoutes = createRouter();
pageRoutes.get(PAGE_PATHS.home, homePage);
pageRoutes.get(honoPath(PAGE_PATHS.incident), incidentPage);
pageRoutes.get(PAGE_PATHS.history, historyPage);
pageRoutes.get(honoPath(PAGE_PATHS.asset), asset);
pageRoutes.get(honoPath(PAGE_PATHS.subscriptionAsset), asset);
