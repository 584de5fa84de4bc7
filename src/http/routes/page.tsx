import type { Context } from "hono";
import { incidentIdOf } from "../../domain/incident-id";
import { marketClock } from "../../domain/market/market-clock";
import { configuredPageIdentity } from "../../domain/page-identity";
import { HISTORY_RESOLUTION_MS } from "../../domain/uptime/history-window";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { incidentPagePath, PAGE_PATHS } from "../../paths";
import { findIncident } from "../../verbs/list-incidents";
import { readPage } from "../../verbs/read-page";
import type { AppEnv } from "../app-env";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { cursorEtagParts, cursorOf, olderUpdatesPath, unknownCursor } from "../incidents/cursor";
import { assetAt, pageAssets } from "../page/assets";
import { HomePage } from "../page/home-page";
import { IncidentPage } from "../page/incident-page";
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

const noSuchIncident = () => new HttpProblem("not_found", "No incident has this id (public ids are inc_NNNNN).");

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
	if (id === null) throw noSuchIncident();
	const settings = settingsOf(c.env);
	const assets = await pageAssets();
	const before = cursorOf(c.req.query("before"));
	const variant = `${olderUpdatesPath(incidentPagePath(publicId), before)}${before === null ? "?" : "&"}build=${assets.build}`;
	const response = await serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const { version, rows } = await findIncident(session, id, before);
		if (rows.kind === "no_incident") throw noSuchIncident();
		if (rows.kind === "unknown_cursor") throw unknownCursor();
		const etag = configuredEtag(c.env, "incident-page", assets.build, id, ...cursorEtagParts(before), version);
		const page = IncidentPage({ ...settings, entry: rows.page, before, assets, etag, readAt: now.getTime() });
		return { body: await renderDocument(page), contentType: HTML_CONTENT_TYPE, version, etag };
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

/** GET / and GET /incidents/{id} (HTML), and the page's hashed stylesheet, script and icon. */
export const pageRoutes = createRouter();
pageRoutes.get(PAGE_PATHS.home, homePage);
pageRoutes.get(honoPath(PAGE_PATHS.incident), incidentPage);
pageRoutes.get(honoPath(PAGE_PATHS.asset), asset);
