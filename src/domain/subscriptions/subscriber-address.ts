// A self-service subscriber's address, as its notification_subscribers row holds it: an email
// subscriber's url is `mailto:` and the address; a webhook subscriber's is its URL.

const MAILTO = "mailto:";

/** The address a self-service subscriber's url holds: what its suppression entry hashes and an export shows. */
export function addressOfSubscriberUrl(url: string): string {
	return url.startsWith(MAILTO) ? url.slice(MAILTO.length) : url;
}
