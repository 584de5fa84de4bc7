const encoder = new TextEncoder();

/** The relay signs with HMAC-SHA256 (`sha256=<hex>`), FreeScout's own module with HMAC-SHA1 (base64). */
export type SignatureScheme = "SHA-256" | "SHA-1";

type Scheme = { hash: SignatureScheme; signature: Uint8Array };

/**
 * `sha256=<hex>`: the relay format (HMAC-SHA256). Otherwise base64: FreeScout's own module
 * (HMAC-SHA1). Anything else is no signature.
 */
function parseSignature(header: string): Scheme | null {
	const relay = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
	if (relay?.[1]) return { hash: "SHA-256", signature: hexToBytes(relay[1]) };
	if (/^[A-Za-z0-9+/]{27}=$/.test(header.trim())) {
		return { hash: "SHA-1", signature: Uint8Array.from(atob(header.trim()), (char) => char.charCodeAt(0)) };
	}
	return null;
}

function hexToBytes(hex: string): Uint8Array {
	const bytes = new Uint8Array(hex.length / 2);
	for (let index = 0; index < bytes.length; index += 1) {
		bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
	}
	return bytes;
}

/**
 * The scheme of `header` when it is a valid signature of the raw body under any configured secret
 * (null otherwise). Verified
 * with WebCrypto's HMAC verify (constant time), against every secret; unset or empty ones never match.
 */
export async function verifyFreeScoutSignature(
	rawBody: ArrayBuffer,
	header: string | undefined,
	secrets: readonly (string | undefined)[],
): Promise<SignatureScheme | null> {
	const parsed = header ? parseSignature(header) : null;
	if (!parsed) return null;
	let valid = false;
	for (const secret of secrets) {
		if (!secret) continue;
		const key = await crypto.subtle.importKey(
			"raw",
			encoder.encode(secret),
			{ name: "HMAC", hash: parsed.hash },
			false,
			["verify"],
		);
		const matches = await crypto.subtle.verify("HMAC", key, parsed.signature, rawBody);
		valid = valid || matches;
	}
	return valid ? parsed.hash : null;
}
