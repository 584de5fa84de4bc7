import type { Child } from "hono/jsx";
import { statusTitle } from "../../../domain/page-identity";
import { zoneWallClock } from "../../../domain/time-zone";
import { PAGE_PATHS, PUBLIC_PATHS } from "../../../paths";
import type { PageAssets } from "../assets";
import { REFRESH_SECONDS } from "../refresh-script";
import { formatInstant, offsetLabel } from "../words";
import { ReadElsewhere } from "./links";

export interface DocumentProps {
	title: string;
	pageName: string;
	/** The answer's ETag: the refresh script revalidates against it. */
	etag: string;
	assets: PageAssets;
	/** When the page's data was read (epoch ms). */
	readAt: number;
	timeZone: string;
	/** The home page has no link home. */
	home: boolean;
	children: Child;
}

/** The frame every page shares: head, skip link, the way home, and the links out. */
export function Document({ title, pageName, etag, assets, readAt, timeZone, home, children }: DocumentProps) {
	return (
		<html lang="en" data-etag={etag}>
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta name="color-scheme" content="light dark" />
				<title>{title}</title>
				<meta name="description" content={`Current status, incidents and uptime of ${pageName}.`} />
				<link rel="stylesheet" href={assets.stylesheet.path} />
				<link rel="icon" type="image/svg+xml" href={assets.icon.path} />
				<link rel="alternate" type="application/atom+xml" title={statusTitle(pageName)} href={PUBLIC_PATHS.feedAtom} />
				<noscript>
					<meta http-equiv="refresh" content={String(REFRESH_SECONDS)} />
				</noscript>
				<script src={assets.script.path} defer />
			</head>
			<body>
				<a class="skip" href="#content">
					Skip to content
				</a>
				<div class="page">
					{home ? null : (
						<header>
							<p>
								<a href={PAGE_PATHS.home}>{statusTitle(pageName)}</a>
							</p>
						</header>
					)}
					<main id="content">{children}</main>
					<footer>
						<p class="muted">
							Times are {offsetLabel(zoneWallClock(timeZone, readAt).offsetMs)} unless marked ET (New York).
						</p>
						<p>
							<a href={PAGE_PATHS.history}>History: past incidents and uptime by month</a>
						</p>
						<ReadElsewhere />
					</footer>
				</div>
			</body>
		</html>
	);
}

/** "Updated 2026-11-27 04:35 UTC", which the refresh script turns into "Updated 12 seconds ago". */
export function Updated({ readAt, timeZone }: { readAt: number; timeZone: string }) {
	return (
		<p class="muted">
			Updated{" "}
			<time id="updated" datetime={new Date(readAt).toISOString()}>
				{formatInstant(readAt, timeZone)}
			</time>
		</p>
	);
}
