import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { configuredPageIdentity } from "../../domain/page-identity";
import type { AppEnv } from "../app-env";
import { problemForError } from "../errors";
import { pageAssets } from "../page/assets";
import { HTML_CONTENT_TYPE, TURNSTILE_ORIGIN } from "../page/page-headers";
import { renderDocument } from "../page/render";
import { HttpProblem, type ProblemCode, problemResponse } from "../problem";
import { NoticePage, type PageBase } from "./pages";

/**
 * The policy of the subscription pages: the page's stylesheet and icon, forms posting to this origin
 * only, never framed. Their URLs hold a token, so no referrer leaves them.
 */
export const SUBSCRIPTION_PAGE_HEADERS: Readonly<Record<string, string>> = {
	"Content-Type": HTML_CONTENT_TYPE,
	"Content-Security-Policy":
		"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"Referrer-Policy": "no-referrer",
	"Cache-Control": "no-store",
};

export async function pageBase(env: Env): Promise<PageBase> {
	return { pageName: configuredPageIdentity(env).name, assets: await pageAssets() };
}

export async function htmlAnswer(page: JSX.Element, status: number, turnstile = false): Promise<Response> {
	const headers = turnstile
		? {
				...SUBSCRIPTION_PAGE_HEADERS,
				"Content-Security-Policy": `${SUBSCRIPTION_PAGE_HEADERS["Content-Security-Policy"]}; script-src ${TURNSTILE_ORIGIN}; frame-src ${TURNSTILE_ORIGIN}`,
			}
		: SUBSCRIPTION_PAGE_HEADERS;
	return new Response(await renderDocument(page), { status, headers });
}

/** A client that asked for JSON (and not HTML) gets problem+json; a browser gets a page. */
export function wantsJson(c: Context<AppEnv>): boolean {
	const accept = c.req.header("Accept") ?? "";
	return /json/i.test(accept) && !/text\/html/i.test(accept);
}

/** A notice page, or the same as problem+json for a client that asked for JSON. */
export async function noticeAnswer(
	c: Context<AppEnv>,
	notice: { status: number; code: ProblemCode; title: string; lines: readonly string[] },
): Promise<Response> {
	if (wantsJson(c)) return problemResponse(notice.code, notice.lines.join(" "));
	return htmlAnswer(
		NoticePage({ ...(await pageBase(c.env)), title: notice.title, lines: notice.lines }),
		notice.status,
	);
}

/**
 * An error of a form post or a link, as a page a person reads (the problem's detail, its status): the
 * browser that posted the page's form gets no JSON to look at. A JSON request, or one that asks for
 * JSON, keeps problem+json.
 */
export async function formErrorAnswer(error: unknown, c: Context<AppEnv>): Promise<Response> {
	// The path holds a live token: a log line names the route, never the token.
	const problem = problemForError(error, c.req.path.replace(/\/[A-Za-z0-9_-]{43}$/, "/{token}"));
	const sentJson = /json/i.test(c.req.header("Content-Type") ?? "");
	if (sentJson || wantsJson(c) || !problem.headers.get("Content-Type")?.includes("problem+json")) return problem;
	const body = (await problem.clone().json()) as { title: string; detail: string };
	const page = NoticePage({ ...(await pageBase(c.env)), title: body.title, lines: [body.detail] });
	const answer = await htmlAnswer(page, problem.status);
	const retryAfter = problem.headers.get("Retry-After");
	if (retryAfter) answer.headers.set("Retry-After", retryAfter);
	return answer;
}

export const notFoundProblem = (detail: string) => new HttpProblem("not_found", detail);
