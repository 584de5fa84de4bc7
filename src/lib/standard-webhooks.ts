// Standard Webhooks (spec v1.0.0) signing: what a receiver checks, and the secrets it is keyed by.
// Signed at each attempt, with the attempt's own timestamp, so a retry days later still verifies.

const SECRET_PREFIX = "whsec_";
const encoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
	try {
		return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
	} catch {
		return null;
	}
}

/** The most and fewest random bytes a secret's key holds (the spec's 24 to 64). */
export const SECRET_BYTES = { min: 24, max: 64 } as const;

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function newSecret(): string {
	return `${SECRET_PREFIX}${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** The HMAC key a secret stands for (the bytes after the prefix), or null if it is not a secret. */
export function secretKey(secret: string): Uint8Array | null {
	if (!secret.startsWith(SECRET_PREFIX)) return null;
	const key = fromBase64(secret.slice(SECRET_PREFIX.length));
	return key && key.length >= SECRET_BYTES.min && key.length <= SECRET_BYTES.max ? key : null;
}

export interface SignedContent {
	/** The message's id: the same at every attempt (the receiver's idempotency key). */
	id: string;
	/** This attempt's time, in whole seconds since the epoch. */
	timestamp: number;
	/** Exactly the bytes sent. */
	body: string;
}

/** `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key. */
export async function signatureOf(secret: string, content: SignedContent): Promise<string> {
	const key = secretKey(secret);
	if (!key) throw new Error("not a Standard Webhooks secret (whsec_ and the base64 of 24 to 64 bytes)");
	if (content.id.includes(".") || !Number.isSafeInteger(content.timestamp)) {
		throw new Error("a signed id may not contain '.', and the timestamp is whole seconds");
	}
	const hmacKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
	const signed = encoder.encode(`${content.id}.${content.timestamp}.${content.body}`);
	return `v1,${toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, signed)))}`;
}

/**
 * The three headers of a signed request. `webhook-signature` holds one signature per secret, space
 * separated: during a rotation the old and the new secret both sign, and a receiver accepts either.
 */
export async function signedHeaders(
	secrets: readonly string[],
	content: SignedContent,
): Promise<Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string>> {
	const signatures = await Promise.all(secrets.map((secret) => signatureOf(secret, content)));
	return {
		"webhook-id": content.id,
		"webhook-timestamp": String(content.timestamp),
		"webhook-signature": signatures.join(" "),
	};
}
