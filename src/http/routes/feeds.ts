import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { configuredPageIdentity } from "../../domain/page-identity";
import { PUBLIC_PATHS } from "../../paths";
import { publicOrigin } from "../../public-cache/settings";
import { readStatusSnapshot } from "../../verbs/read-status-snapshot";
import type { AppEnv } from "../app-env";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { FEED_ENTRIES, feedEntries } from "../feed-entries";
import { type FeedHead, renderAtom, renderRss } from "../feeds";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";

// Atom and RSS feeds of the incident updates and maintenance announcements, for feed readers and
// chat integrations; cached per data version like the other reads with many answers.

const FEEDS = {
	atom: {
		path: PUBLIC_PATHS.feedAtom,
		contentType: "application/atom+xml; charset=utf-8",
		render: renderAtom,
		summary: "Atom 1.0 feed (RFC 4287) of incident updates and maintenance announcements",
	},
	rss: {
		path: PUBLIC_PATHS.feedRss,
		contentType: "application/rss+xml; charset=utf-8",
		render: renderRss,
		summary: "RSS 2.0 feed of incident updates and maintenance announcements",
	},
} as const;

type Feed = (typeof FEEDS)[keyof typeof FEEDS];

function serveFeed(c: Context<AppEnv>, name: keyof typeof FEEDS, feed: Feed) {
	const { name: pageName } = configuredPageIdentity(c.env);
	const origin = publicOrigin(c.env);
	return serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant: feed.path }, async (session, now) => {
		const snapshot = await readStatusSnapshot(session, now);
		const entries = feedEntries(snapshot, origin);
		const lastChange = snapshot.board.surfaces.reduce(
			(latest, { row }) => (row !== null && row.updatedAt > latest ? row.updatedAt : latest),
			entries[0]?.updated ?? "",
		);
		const head: FeedHead = {
			pageName,
			selfUrl: new URL(feed.path, origin).href,
			pageUrl: new URL("/", origin).href,
			updated: lastChange || now.toISOString(),
		};
		return {
			body: feed.render(head, entries),
			contentType: feed.contentType,
			version: snapshot.version,
			etag: configuredEtag(c.env, "feed", name, snapshot.version),
		};
	});
}

const router = createRouter();
for (const [name, feed] of Object.entries(FEEDS) as [keyof typeof FEEDS, Feed][]) {
	const route = createRoute({
		method: "get",
		tags: tagged("public"),
		path: feed.path,
		summary: feed.summary,
		description: `The newest ${FEED_ENTRIES} entries, newest first; each entry's id is stable. Cached per data version; ETag and If-None-Match give 304.`,
		responses: {
			200: {
				description: "The feed",
				content: { [feed.contentType.split(";")[0] as string]: { schema: z.string() } },
			},
			304: { description: "Unchanged since the ETag in If-None-Match" },
			...problemResponses(503),
		},
	});
	router.openapi(route, (c) => serveFeed(c, name, feed));
}

export const feedRoutes = router;
