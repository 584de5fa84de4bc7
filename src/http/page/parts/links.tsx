import { ATLASSIAN_V2_PATHS, OPENAPI_PATH, PUBLIC_PATHS } from "../../../paths";

/** Where the same status can be read by machines: feeds, badges, the JSON APIs. */
export const READ_ELSEWHERE: readonly { href: string; label: string }[] = [
	{ href: PUBLIC_PATHS.feedAtom, label: "Atom feed" },
	{ href: PUBLIC_PATHS.feedRss, label: "RSS feed" },
	{ href: PUBLIC_PATHS.badge, label: "Status badge (SVG)" },
	{ href: ATLASSIAN_V2_PATHS.summary, label: "Statuspage API (summary.json)" },
	{ href: PUBLIC_PATHS.surfaces, label: "JSON API: surfaces" },
	{ href: PUBLIC_PATHS.uptime, label: "JSON API: uptime history" },
	{ href: PUBLIC_PATHS.uptimeCsv, label: "Uptime by month (CSV)" },
	{ href: OPENAPI_PATH, label: "OpenAPI document" },
];

export function ReadElsewhere() {
	return (
		<nav aria-label="Machine-readable status">
			<ul class="plain">
				{READ_ELSEWHERE.map((link) => (
					<li>
						<a href={link.href}>{link.label}</a>
					</li>
				))}
			</ul>
		</nav>
	);
}
