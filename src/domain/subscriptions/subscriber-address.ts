// A self-service subscriber's address, as its notification_subscribers row holds it: an email
// subscriber's url is `mailto:` and the address; a webhook subscriber's is its URL.

const MAILTO = "mailto:";

/** The address a self-service subscriber's url holds: what its suppression entry hashes and an export shows. */
export function addressOfSubscriberUrl(url: string): string {
	return url.startsWith(MAILTO) ? url.slice(MAILTO.length) : url;
}

/**
 * The form of an address its hash is taken of (the per-address caps, the one confirmation a day, the
 * suppression list): an email address lower-cased whole (mailboxes do not tell `Ann@` from `ann@`),
 * a webhook URL without its fragment (never sent to the receiver). Two spellings of one mailbox or
 * one receiver are then one address.
 */
export function hashedFormOfAddress(address: string): string {
	if (!/^https?:\/\//i.test(address)) return address.toLowerCase();
	const hash = address.indexOf("#");
	return hash === -1 ? address : address.slice(0, hash);
}
