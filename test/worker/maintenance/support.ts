import type { MaintenanceAnswer, PublicMaintenancesAnswer } from "../../../src/http/maintenances/schemas";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { maintenancePath, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { CURRENT_TOKEN, call } from "../support/http";
import { healthyUrls, jobEnv, runCycle } from "../support/jobs";
import { atTime } from "../uptime/support";

export const T0 = Date.parse("2026-12-01T10:00:00Z");
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const iso = (ms: number) => new Date(ms).toISOString();

export interface WindowBody {
	title?: string;
	public_note?: string | null;
	surface_ids?: string[];
	starts_at?: string;
	ends_at?: string;
	actor?: string;
	[extra: string]: unknown;
}

export const windowBody = (overrides: WindowBody = {}): WindowBody => ({
	title: "Database upgrade",
	public_note: "Orders may be delayed",
	surface_ids: ["login", "charts"],
	starts_at: iso(T0),
	ends_at: iso(T0 + 2 * HOUR),
	...overrides,
});

/** PUT a window at an instant (the Worker's clock set to it). */
export function putWindow(key: string, body: unknown, now: number, token: string | null = CURRENT_TOKEN) {
	return atTime(now, () =>
		call(maintenancePath(key), {
			method: "PUT",
			headers: {
				"Content-Type": "application/json",
				...(token === null ? {} : { "X-Internal-Status-Token": token }),
			},
			body: typeof body === "string" ? body : JSON.stringify(body),
		}),
	);
}

export function deleteWindow(key: string, now: number) {
	return atTime(now, () =>
		call(maintenancePath(key), { method: "DELETE", headers: { "X-Internal-Status-Token": CURRENT_TOKEN } }),
	);
}

export async function putOk(key: string, body: unknown, now: number): Promise<MaintenanceAnswer> {
	const response = await putWindow(key, body, now);
	if (response.status >= 300) throw new Error(`PUT ${key}: ${response.status} ${await response.text()}`);
	return response.json<MaintenanceAnswer>();
}

/** One cycle of the Cron Trigger's jobs at an instant, partners and probes healthy. */
export async function cycleAt(now: number) {
	const urls = await healthyUrls();
	return atTime(now, () => runCycle(jobEnv(urls), new Date(now)));
}

export async function publicWindows(now: number): Promise<PublicMaintenancesAnswer["maintenances"]> {
	forgetIsolateCopies();
	return atTime(
		now,
		async () => (await (await call(PUBLIC_PATHS.maintenances)).json<PublicMaintenancesAnswer>()).maintenances,
	);
}

export async function surfaceOf(id: string) {
	forgetIsolateCopies();
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	return board.surfaces.find((surface) => surface.id === id);
}
