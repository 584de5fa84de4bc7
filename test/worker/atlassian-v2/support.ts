import type { ATLASSIAN_V2_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { iso, MINUTE } from "../maintenance/support";
import { relayBody, sendRelay } from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { atTime } from "../uptime/support";

/** The instant the Statuspage and feed tests start from. */
export const NOW = Date.parse("2026-12-01T10:00:00Z");

/**
 * A ticket event through the relay, `minute` minutes after NOW (the Worker's clock there too):
 * by default an open ticket of a major outage of order placement.
 */
export function ticketAt(id: number, minute: number, fields: Record<string, unknown> = {}) {
	return atTime(NOW + minute * MINUTE, () =>
		sendRelay(
			relayBody("conversation.updated", {
				id,
				status: "open",
				updated_at: iso(NOW + minute * MINUTE),
				component: "order-placement",
				severity: "down",
				note: "Orders fail",
				...fields,
			}),
		),
	);
}

export type AtlassianV2Path = (typeof ATLASSIAN_V2_PATHS)[keyof typeof ATLASSIAN_V2_PATHS];

/** A Statuspage endpoint's answer as a client gets it (no isolate copy in between). */
export async function getV2(path: AtlassianV2Path, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return call(path, { headers });
}

export async function v2Json<T = Record<string, unknown>>(path: AtlassianV2Path): Promise<T> {
	const response = await getV2(path);
	if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
	return response.json<T>();
}

export async function setState(surfaceId: string, state: string, note?: string) {
	const response = await updateSurface({
		surface_id: surfaceId,
		state,
		state_source: "manual",
		actor: "ops",
		...(note === undefined ? {} : { public_note: note }),
	});
	if (response.status !== 200)
		throw new Error(`update-surface ${surfaceId}: ${response.status} ${await response.text()}`);
}
