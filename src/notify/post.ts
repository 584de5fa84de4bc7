import { describeFetchFailure } from "../lib/fetch-failure";

/** How much of a receiver's answer is kept: enough for Slack's and Discord's error words. */
const ANSWER_PREFIX_BYTES = 2_048;

export type PostResult =
	| { answered: true; status: number; body: string; retryAfter: string | null }
	| { answered: false; reason: string };

/** The first `maxBytes` of a body as it streams; the rest is not read. */
async function answerPrefix(response: Response, maxBytes: number): Promise<string> {
	if (!response.body) return "";
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (let read = await reader.read(); !read.done; read = await reader.read()) {
		chunks.push(read.value);
		size += read.value.byteLength;
		if (size >= maxBytes) {
			await reader.cancel();
			break;
		}
	}
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return new TextDecoder().decode(bytes.subarray(0, maxBytes));
}

/**
 * One POST with a deadline that covers the answer too; redirects are not followed (a 3xx is the
 * answer). Failures are described without the URL: a subscriber's URL is a secret of its own.
 */
export async function postOnce(
	url: string,
	headers: Record<string, string>,
	body: string,
	timeoutMs: number,
): Promise<PostResult> {
	try {
		const response = await fetch(url, {
			method: "POST",
			headers,
			body,
			redirect: "manual",
			signal: AbortSignal.timeout(timeoutMs),
		});
		// A 2xx is the answer: its body is not waited for (a slow one would turn a delivery into a
		// timeout, and the retry into a second POST). Another status is read for its error words.
		const text = response.ok ? "" : await answerPrefix(response, ANSWER_PREFIX_BYTES);
		if (response.ok) await response.body?.cancel();
		return { answered: true, status: response.status, body: text, retryAfter: response.headers.get("Retry-After") };
	} catch (error) {
		return { answered: false, reason: describeFetchFailure(error, url, timeoutMs) };
	}
}
