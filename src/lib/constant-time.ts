const encoder = new TextEncoder();

async function sha256(value: string): Promise<ArrayBuffer> {
	return crypto.subtle.digest("SHA-256", encoder.encode(value));
}

/**
 * Whether `presented` equals any of the configured secrets, in time that does not depend on where
 * they differ: both sides are hashed to equal length, and every secret is compared, matched or not.
 * Unset or empty secrets never match.
 */
export async function equalsAnySecret(presented: string, secrets: readonly (string | undefined)[]): Promise<boolean> {
	const presentedHash = await sha256(presented);
	let matched = false;
	for (const secret of secrets) {
		if (!secret) continue;
		const equal = crypto.subtle.timingSafeEqual(presentedHash, await sha256(secret));
		matched = matched || equal;
	}
	return matched;
}
