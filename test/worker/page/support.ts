import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../../src/index";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { BASE_URL } from "../support/http";
import { atTime } from "../uptime/support";
import { type HtmlElement, parseHtml } from "./html-tree";

export interface PageRequest {
	/** The Worker's clock. */
	at: number;
	headers?: HeadersInit;
	method?: string;
	/** Configuration of this deployment, over the test's. */
	vars?: Partial<Env>;
	/**
	 * Served from the Cache API if there (a page built at another instant, up to
	 * PUBLIC_CACHE_SECONDS before): off by default, since the tests leap in time.
	 */
	cached?: boolean;
}

/** A page through the Worker's entry point, as a browser gets it (no isolate copy in between). */
export async function getPage(
	path: string,
	{ at, headers = {}, method = "GET", vars = {}, cached = false }: PageRequest,
): Promise<Response> {
	forgetIsolateCopies();
	if (!cached) await invalidatePublicReads(env);
	return atTime(at, async () => {
		const ctx = createExecutionContext();
		const response = await worker.fetch(
			new Request(`${BASE_URL}${path}`, { headers, method }),
			{ ...env, ...vars },
			ctx,
		);
		await waitOnExecutionContext(ctx);
		return response;
	});
}

/** A page that must be served, parsed as the strict XML that hono/jsx writes. */
export async function pageTree(path: string, request: PageRequest): Promise<{ html: string; tree: HtmlElement }> {
	const response = await getPage(path, request);
	const html = await response.text();
	if (response.status !== 200) throw new Error(`${path}: ${response.status} ${html}`);
	return { html, tree: parseHtml(html) };
}
