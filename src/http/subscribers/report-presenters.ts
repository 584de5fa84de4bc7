import type { SelfServiceSubscriberRow, SubscriptionCountRow } from "../../db/notifications/subscription-reports";
import { SUBSCRIBER_KINDS } from "../../domain/notifications/subscriber-url";
import { addressOfSubscriberUrl } from "../../domain/subscriptions/address";
import { SUBSCRIPTION_KINDS } from "../../domain/subscriptions/limits";
import { csvLine } from "../../lib/csv";
import { EXPORT_COLUMNS } from "./report-schemas";

type StateCounts = { enabled: number; disabled: number };
type RequestCounts = { pending: number; expired: number };

const zeros = <T>(kinds: readonly string[], zero: () => T): Record<string, T> =>
	Object.fromEntries(kinds.map((kind) => [kind, zero()]));

/** The summary's answer: every kind each origin makes listed, 0 included, and whatever else the rows hold. */
export function toSummaryAnswer(rows: readonly SubscriptionCountRow[], now: Date) {
	const byOrigin: Record<string, Record<string, StateCounts>> = {
		operator: zeros(SUBSCRIBER_KINDS, () => ({ enabled: 0, disabled: 0 })),
		self_service: zeros(SUBSCRIPTION_KINDS, () => ({ enabled: 0, disabled: 0 })),
	};
	const byKind = zeros<RequestCounts>(SUBSCRIPTION_KINDS, () => ({ pending: 0, expired: 0 }));
	let suppressed = 0;
	for (const row of rows) {
		if (row.source === "suppression") {
			suppressed += row.n;
		} else if (row.source === "subscriber") {
			const kinds = byOrigin[row.origin] ?? {};
			byOrigin[row.origin] = kinds;
			const counts = kinds[row.kind] ?? { enabled: 0, disabled: 0 };
			kinds[row.kind] = counts;
			counts[row.flag === 1 ? "enabled" : "disabled"] += row.n;
		} else {
			const counts = byKind[row.kind] ?? { pending: 0, expired: 0 };
			byKind[row.kind] = counts;
			counts[row.flag === 1 ? "expired" : "pending"] += row.n;
		}
	}
	const states = Object.values(byOrigin).flatMap((kinds) => Object.values(kinds));
	const requests = Object.values(byKind);
	const sum = <T>(list: readonly T[], count: (item: T) => number) =>
		list.reduce((total, item) => total + count(item), 0);
	return {
		subscribers: {
			total: sum(states, (counts) => counts.enabled + counts.disabled),
			enabled: sum(states, (counts) => counts.enabled),
			disabled: sum(states, (counts) => counts.disabled),
			by_origin: byOrigin,
		},
		requests: {
			pending: sum(requests, (counts) => counts.pending),
			expired: sum(requests, (counts) => counts.expired),
			by_kind: byKind,
		},
		suppressed_addresses: suppressed,
		generated_at: now.toISOString(),
	};
}

/** A subscriber's surfaces as one cell: their ids, space-separated, or `all`. */
function surfacesCell(surfaceIds: string | null): string {
	return surfaceIds === null ? "all" : (JSON.parse(surfaceIds) as string[]).join(" ");
}

/** One page of the export: the header line, then a line per subscriber. */
export function toExportCsv(rows: readonly SelfServiceSubscriberRow[]): string {
	let csv = csvLine(EXPORT_COLUMNS);
	for (const row of rows) {
		csv += csvLine([
			row.id,
			row.kind,
			addressOfSubscriberUrl(row.url),
			surfacesCell(row.surface_ids),
			row.enabled === 1 ? "true" : "false",
			row.created_at,
		]);
	}
	return csv;
}
