// The tokens of self-service subscriptions' links. A confirm token is random and single-use; a manage
// token is derived from the subscriber's id, so every message can carry it while only its hash is stored.
// Both are looked up by their SHA-256, so a leaked table holds no working link.

const encoder = new TextEncoder();

function base64Url(bytes: Uint8Array): string {
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** 256 random bits, base64url: a confirm link's token. */
export function randomToken(): string {
	return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** SHA-256 of a token (or an address), lower-case hex: what the tables store and look up by. */
export async function sha256Hex(text: string): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
	return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** base64url(HMAC-SHA256(linkKey, `${purpose}:${id}`)): a link token only the key's holder can make. */
async function linkToken(linkKey: string, purpose: "manage" | "confirm", id: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(linkKey), { name: "HMAC", hash: "SHA-256" }, false, [
		"sign",
	]);
	return base64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${purpose}:${id}`))));
}

/** The manage token of a subscriber: HMAC-SHA256 of its id under SUBSCRIPTION_LINK_KEY, base64url. */
export const manageToken = (linkKey: string, subscriberId: string): Promise<string> =>
	linkToken(linkKey, "manage", subscriberId);

/**
 * The confirm token of a subscription request, derived like the manage token from the request's random
 * id: the queue consumer can put it in the confirmation without the token being stored or queued. It is
 * single-use because confirming deletes the request (and with it the only hash that matches).
 */
export const confirmToken = (linkKey: string, requestId: string): Promise<string> =>
	linkToken(linkKey, "confirm", requestId);

/** A token as it may appear in a link: base64url of 32 bytes, nothing else (checked before any lookup). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
