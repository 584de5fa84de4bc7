// What a person subscribes with, checked and written one way: the same address always gives the same
// stored text, so the per-address caps, "already subscribed" and the suppression list all match on it.

/** RFC 5321's path limit: an address longer than this cannot be delivered to. */
export const EMAIL_MAX_LENGTH = 254;
const LOCAL_MAX_LENGTH = 64;

/** A dot-atom local part (RFC 5322 atext): no quotes, spaces, commas or angle brackets. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type AddressCheck = { ok: true; address: string } | { ok: false; problem: string };

const refuse = (problem: string): AddressCheck => ({ ok: false, problem });

/**
 * An email address as it is stored: trimmed, its domain lower-cased (and an international domain in
 * its ASCII form); the local part is kept as given (only its domain may treat case as insignificant).
 */
export function normaliseEmail(raw: string): AddressCheck {
	const text = raw.trim();
	if (text.length === 0) return refuse("is empty");
	if (text.length > EMAIL_MAX_LENGTH) return refuse(`is longer than ${EMAIL_MAX_LENGTH} characters`);
	const at = text.lastIndexOf("@");
	if (at <= 0 || at === text.length - 1) return refuse("is not an email address (name@example.com)");
	const local = text.slice(0, at);
	if (local.length > LOCAL_MAX_LENGTH || !LOCAL_PART.test(local)) {
		return refuse("has a name part that cannot be mailed (letters, digits, dots and !#$%&'*+/=?^_`{|}~- only)");
	}
	const domain = asciiDomain(text.slice(at + 1));
	if (domain === null) return refuse("has a domain that is not a public host name");
	const address = `${local}@${domain}`;
	if (address.length > EMAIL_MAX_LENGTH) return refuse(`is longer than ${EMAIL_MAX_LENGTH} characters`);
	return { ok: true, address };
}

/** The domain lower-cased in its ASCII (punycode) form, or null unless it is a dotted public name. */
function asciiDomain(raw: string): string | null {
	if (raw.includes("/") || raw.includes("\\") || raw.includes("?") || raw.includes("#") || raw.includes(":"))
		return null;
	let host: string;
	try {
		host = new URL(`http://${raw}`).hostname;
	} catch {
		return null;
	}
	const labels = host.split(".");
	if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
	return TOP_LEVEL.test(labels.at(-1) ?? "") ? host : null;
}

/** The subscriber URL of a self-service email address. */
export const mailtoUrl = (address: string): string => `mailto:${address}`;

/** The address a self-service subscriber's URL stands for: what its address hash is taken of. */
export const addressOfSubscriberUrl = (url: string): string =>
	url.startsWith("mailto:") ? url.slice("mailto:".length) : url;

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
