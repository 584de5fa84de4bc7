import { PAGE_PATHS, PUBLIC_PATHS } from "../../../paths";
import { SUBSCRIBE_TURNSTILE_ACTION } from "../../subscriptions/guard";
import { TURNSTILE_SCRIPT } from "../page-headers";

/** Where the link near the top of the page leads. */
export const SUBSCRIBE_ANCHOR = "subscribe";

/** The link near the top of the page to the subscribe form. */
export function SubscribeLink() {
	return (
		<p>
			<a href={`#${SUBSCRIBE_ANCHOR}`}>Get notified of incidents by email</a>
		</p>
	);
}

/**
 * The subscribe form: an email address posted form-encoded to the public API, which answers a page
 * (no script needed). The surfaces are chosen on the subscription's manage page once it is
 * confirmed: twenty checkboxes here would cost the page a fifth of its weight.
 */
export function SubscribeForm({ turnstileSiteKey }: { turnstileSiteKey: string }) {
	return (
		<section id={SUBSCRIBE_ANCHOR} aria-labelledby="subscribe-h">
			<h2 id="subscribe-h">Get notified</h2>
			<form method="post" action={PUBLIC_PATHS.subscriptions}>
				<label for="subscribe-email">Email address</label>{" "}
				<input id="subscribe-email" type="email" name="email" required autocomplete="email" maxlength={254} />{" "}
				{turnstileSiteKey === "" ? null : (
					// Turnstile's widget fills in cf-turnstile-response, which the subscribe guard verifies.
					<div class="cf-turnstile" data-sitekey={turnstileSiteKey} data-action={SUBSCRIBE_TURNSTILE_ACTION} />
				)}
				<button type="submit">Subscribe</button>
			</form>
			{turnstileSiteKey === "" ? null : <script src={TURNSTILE_SCRIPT} async defer />}
			<p class="muted">
				One email asks you to confirm. <a href={PAGE_PATHS.subscribe}>Choose surfaces</a> to hear about only some; every
				notification links to a page where you change them or unsubscribe.
			</p>
		</section>
	);
}
