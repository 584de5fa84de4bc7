/** An opaque id: `prefix` and 128 random bits as hex (no `.`: Standard Webhooks ids must have none). */
export function randomId(prefix: string): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return `${prefix}${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
