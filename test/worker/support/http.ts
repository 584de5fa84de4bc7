import { exports } from "cloudflare:workers";
import { INTERNAL_PATHS } from "../../../src/paths";
import { TEST_SECRETS } from "../../test-secrets";

export const CURRENT_TOKEN = TEST_SECRETS.STATUS_INTERNAL_WRITE_TOKEN;
export const PREVIOUS_TOKEN = TEST_SECRETS.STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS;

export const BASE_URL = "http://status.test";

/** Calls the deployed entry point (src/index.ts) with the test bindings, as a client would. */
export function call(path: string, init?: RequestInit): Promise<Response> {
	return exports.default.fetch(new Request(`${BASE_URL}${path}`, init));
}

export function updateSurface(
	body: unknown,
	options: { token?: string | null; contentType?: string } = {},
): Promise<Response> {
	const headers = new Headers({ "Content-Type": options.contentType ?? "application/json" });
	const token = options.token === undefined ? CURRENT_TOKEN : options.token;
	if (token !== null) headers.set("X-Internal-Status-Token", token);
	return call(INTERNAL_PATHS.updateSurface, {
		method: "POST",
		headers,
		body: typeof body === "string" ? body : JSON.stringify(body),
	});
}

export interface Problem {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: string;
	errors?: { in: string; path: string; message: string }[];
}

export async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
	const text = await response.text();
	if (response.status !== status) {
		throw new Error(`expected ${status} ${code}, got ${response.status}: ${text}`);
	}
	if (response.headers.get("Content-Type") !== "application/problem+json") {
		throw new Error(`expected problem+json, got ${response.headers.get("Content-Type")}`);
	}
	const problem = JSON.parse(text) as Problem;
	if (problem.code !== code || problem.status !== status || !problem.title || !problem.detail || !problem.type) {
		throw new Error(`unexpected problem body: ${text}`);
	}
	return problem;
}
