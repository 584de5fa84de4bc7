/**
 * An internal call to a running Worker, as the ops scripts make it: POST with the service token,
 * the JSON answer back, or an Error that carries the problem+json's detail.
 */
export async function postToWorker<T>(workerUrl: string, path: string, token: string, what: string): Promise<T> {
	const url = new URL(path, workerUrl);
	const response = await fetch(url, { method: "POST", headers: { "X-Internal-Status-Token": token } });
	const text = await response.text();
	if (!response.ok) {
		let detail = text;
		try {
			detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
		} catch {}
		throw new Error(`${what} failed: HTTP ${response.status} from ${url.origin}: ${detail}`);
	}
	return JSON.parse(text) as T;
}
