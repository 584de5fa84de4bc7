import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import type { UptimeAnswer } from "../../../src/http/uptime/schemas";
import worker from "../../../src/index";
import { PUBLIC_PATHS } from "../../../src/paths";
import { BASE_URL } from "../support/http";

export interface AuditLine {
	surfaceId: string;
	state: string;
	at: number;
}

/** Audit rows as a writer leaves them (the history's only source), written straight to D1. */
export async function insertAudit(lines: readonly AuditLine[]): Promise<void> {
	if (lines.length === 0) return;
	const rows = JSON.stringify(lines.map((line) => [line.surfaceId, line.state, new Date(line.at).toISOString()]));
	await env.DB.prepare(
		`INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
		SELECT value ->> 0, 'test', NULL, value ->> 1, 'manual', NULL, value ->> 2 FROM json_each(?1)`,
	)
		.bind(rows)
		.run();
}

export async function insertIncident(incident: {
	id: number;
	surfaceId: string;
	openedAt: number;
	resolvedAt: number | null;
}): Promise<void> {
	await env.DB.prepare(
		"INSERT INTO status_incidents (id, surface_id, opened_at, resolved_at, severity) VALUES (?1, ?2, ?3, ?4, 'down')",
	)
		.bind(
			incident.id,
			incident.surfaceId,
			new Date(incident.openedAt).toISOString(),
			incident.resolvedAt === null ? null : new Date(incident.resolvedAt).toISOString(),
		)
		.run();
}

/** Runs `body` with the Worker's clock at `now` (the test and the Worker share one isolate). */
export async function atTime<T>(now: number, body: () => Promise<T>): Promise<T> {
	vi.useFakeTimers({ toFake: ["Date"] });
	vi.setSystemTime(now);
	try {
		return await body();
	} finally {
		vi.useRealTimers();
	}
}

/** Calls the Worker's entry point with the page in a time zone, at an instant. */
export async function callInZone(
	target: string,
	init: RequestInit,
	options: { zone?: string; now?: number; db?: D1Database } = {},
): Promise<Response> {
	const request = new Request(`${BASE_URL}${target}`, init) as Request<unknown, IncomingRequestCfProperties>;
	const zoneEnv = { ...env, DB: options.db ?? env.DB, STATUS_PAGE_TIME_ZONE: options.zone ?? "UTC" };
	const send = async () => {
		const ctx = createExecutionContext();
		const response = await worker.fetch(request, zoneEnv, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	};
	return options.now === undefined ? send() : atTime(options.now, send);
}

/** GET the uptime history through the Worker's entry point, in a time zone, at an instant. */
export function fetchUptime(
	query: string,
	options: { zone?: string; now?: number; headers?: HeadersInit } = {},
): Promise<Response> {
	return callInZone(`${PUBLIC_PATHS.uptime}${query}`, { headers: options.headers }, options);
}

export async function uptimeAnswer(
	query: string,
	options: { zone?: string; now?: number } = {},
): Promise<UptimeAnswer> {
	const response = await fetchUptime(query, options);
	if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${await response.text()}`);
	return response.json<UptimeAnswer>();
}
