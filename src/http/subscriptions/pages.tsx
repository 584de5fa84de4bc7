import type { Child } from "hono/jsx";
import { statusTitle } from "../../domain/page-identity";
import { PAGE_PATHS, PUBLIC_PATHS, type SubscriptionLink, subscriptionLinkPath } from "../../paths";
import { SURFACES } from "../../surfaces/registry";
import { type PageAssets, subscriptionAssetPath } from "../page/assets";
import { TURNSTILE_SCRIPT } from "../page/page-headers";
import { SUBSCRIBE_TURNSTILE_ACTION } from "./guard";

// The pages a subscription's links open and the subscribe form answers: plain HTML with the page's
// stylesheet, no script; every change is a form POST (a GET, which mail clients prefetch, changes nothing).

interface FrameProps {
	pageName: string;
	title: string;
	assets: PageAssets;
	children: Child;
}

function Frame({ pageName, title, assets, children }: FrameProps) {
	return (
		<html lang="en">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<meta name="color-scheme" content="light dark" />
				<meta name="robots" content="noindex" />
				<title>{`${title} - ${statusTitle(pageName)}`}</title>
				<link rel="stylesheet" href={subscriptionAssetPath(assets.stylesheet)} />
				<link rel="icon" type="image/svg+xml" href={subscriptionAssetPath(assets.icon)} />
			</head>
			<body>
				<div class="page">
					<header>
						<p>
							<a href={PAGE_PATHS.home}>{statusTitle(pageName)}</a>
						</p>
					</header>
					<main id="content">
						<h1>{title}</h1>
						{children}
					</main>
				</div>
			</body>
		</html>
	);
}

export interface PageBase {
	pageName: string;
	assets: PageAssets;
}

/** A page of a few sentences (a notice, an error) and the way back to the status page. */
export function NoticePage({ title, lines, ...base }: PageBase & { title: string; lines: readonly string[] }) {
	return (
		<Frame {...base} title={title}>
			{lines.map((line) => (
				<p>{line}</p>
			))}
			<p>
				<a href={PAGE_PATHS.home}>Back to the status page</a>
			</p>
		</Frame>
	);
}

/** One button posting to a link's own URL: what a person presses to confirm or unsubscribe. */
function PostButton({
	link,
	token,
	label,
	oneClick,
}: {
	link: SubscriptionLink;
	token: string;
	label: string;
	oneClick?: boolean;
}) {
	return (
		<form method="post" action={subscriptionLinkPath(link, token)}>
			{oneClick ? <input type="hidden" name="List-Unsubscribe" value="One-Click" /> : null}
			<button type="submit">{label}</button>
		</form>
	);
}

export function ConfirmPage({ token, ...base }: PageBase & { token: string }) {
	return (
		<Frame {...base} title="Confirm your subscription">
			<p>Press the button to start getting this status page's notifications. Nothing is subscribed until you do.</p>
			<PostButton link="confirm" token={token} label="Confirm" />
		</Frame>
	);
}

export interface ConfirmedView extends PageBase {
	manageToken: string;
	/** A webhook's signing secret, shown on this page only. */
	secret: string | null;
}

export function ConfirmedPage({ manageToken, secret, ...base }: ConfirmedView) {
	return (
		<Frame {...base} title="You are subscribed">
			<p>You will be told about incidents and maintenance. Every notification carries a link to change or end this.</p>
			{secret === null ? null : (
				<section aria-labelledby="secret">
					<h2 id="secret">Your webhook's signing secret</h2>
					<p>
						Notifications are signed with Standard Webhooks under this secret. It is shown here once and never again:
						keep it now.
					</p>
					<p>
						<code>{secret}</code>
					</p>
				</section>
			)}
			<p>
				<a href={subscriptionLinkPath("manage", manageToken)}>Manage your subscription</a>
			</p>
			<p>
				<a href={PAGE_PATHS.home}>Back to the status page</a>
			</p>
		</Frame>
	);
}

export interface ManageView extends PageBase {
	token: string;
	/** null: every surface. */
	surfaceIds: readonly string[] | null;
	saved: boolean;
}

/** The registered surfaces group by group, in the registry's order. */
function surfaceGroups(): [string, (typeof SURFACES)[number][]][] {
	const groups = new Map<string, (typeof SURFACES)[number][]>();
	for (const surface of SURFACES) groups.set(surface.group, [...(groups.get(surface.group) ?? []), surface]);
	return [...groups];
}

/** The surfaces as checkboxes group by group (none ticked: every surface), for the subscribe and manage pages. */
export function SurfaceChoice({ chosen }: { chosen: readonly string[] | null }) {
	return (
		<fieldset>
			<legend>Only these surfaces (none ticked: all of them)</legend>
			{surfaceGroups().map(([group, members]) => (
				<fieldset class="group-choice">
					<legend>{group}</legend>
					<ul class="plain choices">
						{members.map((surface) => (
							<li>
								<label>
									<input
										type="checkbox"
										name="surface_ids"
										value={surface.id}
										checked={chosen?.includes(surface.id) ?? false}
									/>{" "}
									{surface.name}
								</label>
							</li>
						))}
					</ul>
				</fieldset>
			))}
		</fieldset>
	);
}

/**
 * The whole subscribe form: an address and the surfaces to hear about, posted form-encoded to the
 * public API like the status page's short form (which links here to choose surfaces).
 */
export function SubscribePage({ turnstileSiteKey, ...base }: PageBase & { turnstileSiteKey: string }) {
	return (
		<Frame {...base} title="Get notified">
			<p>
				One email asks you to confirm; nothing is sent before. Every notification links to a page where you change the
				surfaces or unsubscribe in one click.
			</p>
			<form method="post" action={PUBLIC_PATHS.subscriptions}>
				<p>
					<label for="subscribe-email">Email address</label>{" "}
					<input id="subscribe-email" type="email" name="email" required autocomplete="email" maxlength={254} />
				</p>
				<SurfaceChoice chosen={null} />
				{turnstileSiteKey === "" ? null : (
					<div class="cf-turnstile" data-sitekey={turnstileSiteKey} data-action={SUBSCRIBE_TURNSTILE_ACTION} />
				)}
				<p>
					<button type="submit">Subscribe</button>
				</p>
			</form>
			{turnstileSiteKey === "" ? null : <script src={TURNSTILE_SCRIPT} async defer />}
			<p class="muted">A webhook subscribes through the API: POST {PUBLIC_PATHS.subscriptions} with webhook_url.</p>
		</Frame>
	);
}

export function ManagePage({ token, surfaceIds, saved, ...base }: ManageView) {
	return (
		<Frame {...base} title="Manage your subscription">
			{saved ? <p role="status">Saved.</p> : null}
			<p>
				{surfaceIds === null
					? "You get notifications about every surface."
					: "You get notifications about the surfaces ticked below."}
			</p>
			<form method="post" action={subscriptionLinkPath("manage", token)}>
				<SurfaceChoice chosen={surfaceIds} />
				<button type="submit">Save</button>
			</form>
			<h2>Unsubscribe</h2>
			<p>Stop all notifications and delete this subscription.</p>
			<PostButton link="unsubscribe" token={token} label="Unsubscribe" oneClick />
		</Frame>
	);
}

export function UnsubscribePage({ token, ...base }: PageBase & { token: string }) {
	return (
		<Frame {...base} title="Unsubscribe">
			<p>Press the button to stop all notifications and delete this subscription.</p>
			<PostButton link="unsubscribe" token={token} label="Unsubscribe" oneClick />
		</Frame>
	);
}
