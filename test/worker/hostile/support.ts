import { expect } from "vitest";
import { PUBLIC_PATHS } from "../../../src/paths";
import type { Problem } from "../support/http";
import { call } from "../support/http";

/** Generous: a route that has not answered by then is looping, not working. */
export const ANSWER_DEADLINE_MS = 2000;

/** The response, or a failure when none came within the deadline. */
export async function withinDeadline(response: Promise<Response>, what: string): Promise<Response> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`${what}: no answer within ${ANSWER_DEADLINE_MS} ms`)),
			ANSWER_DEADLINE_MS,
		);
	});
	try {
		return await Promise.race([response, deadline]);
	} finally {
		if (timer !== undefined) clearTimeout(timer);
	}
}

/** A rejection of input: 4xx problem+json, never a 5xx; returns the problem. */
export async function expectRefused(response: Response, what: string, status?: number): Promise<Problem> {
	const text = await response.text();
	expect(response.status, `${what}: ${text}`).toBeGreaterThanOrEqual(400);
	expect(response.status, `${what}: ${text}`).toBeLessThan(500);
	if (status !== undefined) expect(response.status, `${what}: ${text}`).toBe(status);
	expect(response.headers.get("Content-Type"), what).toBe("application/problem+json");
	return JSON.parse(text) as Problem;
}

/** What the public page shows: the surfaces and incidents as a reader gets them, clocks left out. */
export async function publicView(): Promise<unknown> {
	const surfaces = (await (await call(PUBLIC_PATHS.surfaces)).json()) as Record<string, unknown>;
	const incidents = (await (await call(PUBLIC_PATHS.incidents)).json()) as Record<string, unknown>;
	return { surfaces: surfaces.surfaces, overall: surfaces.overall, incidents: incidents.incidents };
}
