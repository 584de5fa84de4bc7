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

/** The manage token of a subscriber: HMAC-SHA256 of its id under SUBSCRIPTION_LINK_KEY, base64url. */
export async function manageToken(linkKey: string, subscriberId: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(linkKey), { name: "HMAC", hash: "SHA-256" }, false, [
		"sign",
	]);
	return base64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`manage:${subscriberId}`))));
}

/** A token as it may appear in a link: base64url of 32 bytes, nothing else (checked before any lookup). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
