// What an operator may know of a subscriber, and how its changes are told in the audit log: a
// subscriber's URL carries a credential of its own (a chat webhook's token is in its path), so no
// answer and no audit row ever holds more of it than its scheme and host.

import type { EventType } from "./event";

/** After a rotation, the previous secret signs too for this long, so receivers can switch over. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60 * 1000;

/** An operator's disable with no reason given. */
export const DEFAULT_DISABLED_REASON = "disabled by an operator";

/** A disable reason's length, at most. */
export const DISABLED_REASON_MAX_LENGTH = 200;

/** What notification_audit_log.action says. */
export const SUBSCRIBER_AUDIT_ACTIONS = [
	"created",
	"updated",
	"rotated",
	"deleted",
	"enabled",
	"disabled",
	"retried",
] as const;
export type SubscriberAuditAction = (typeof SUBSCRIBER_AUDIT_ACTIONS)[number];

/** Operators' listings: rows per page by default, and at most. */
export const LISTING_LIMIT = { default: 50, max: 100 } as const;

/** A URL as answers show it: its scheme and host, never its path or query. */
export function maskedUrl(raw: string): string {
	try {
		const url = new URL(raw);
		return `${url.protocol}//${url.host}/…`;
	} catch {
		return "(not a URL)/…";
	}
}

/** Something that looks like a URL: kept out of the audit log. */
export const containsUrl = (text: string): boolean => /[a-z][a-z0-9+.-]*:\/\//i.test(text);

/** The fields of a subscriber an operator may change, as stored. */
export interface SubscriberSettings {
	name: string;
	url: string;
	events: readonly EventType[];
	/** null: every surface. */
	surfaceIds: readonly string[] | null;
	enabled: boolean;
	disabledReason: string | null;
}

/** An operator's change: each field given is set; the others stay. */
export interface SubscriberPatch {
	name?: string;
	url?: string;
	events?: readonly EventType[];
	surfaceIds?: readonly string[] | null;
	enabled?: boolean;
	disabledReason?: string;
}

export interface SubscriberChange {
	/** The settings after the change. */
	settings: SubscriberSettings;
	/** The fields whose value changed (url by name only). */
	changedFields: ("name" | "url" | "events" | "surface_ids")[];
	/** enabled: the failure count starts again; disabled: with its reason. */
	switched: "enabled" | "disabled" | null;
	/** A disabled subscriber's reason is new (it was disabled now, or given another reason). */
	reasonChanged: boolean;
}

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
	a === null || b === null ? a === b : a.length === b.length && a.every((value, index) => value === b[index]);

/**
 * What a patch changes on stored settings; null when it changes nothing. Disabling a subscriber
 * that is disabled changes only its reason (when one is given); enabling one clears the reason.
 */
export function subscriberChange(stored: SubscriberSettings, patch: SubscriberPatch): SubscriberChange | null {
	const enabled = patch.enabled ?? stored.enabled;
	const settings: SubscriberSettings = {
		name: patch.name ?? stored.name,
		url: patch.url ?? stored.url,
		events: patch.events ?? stored.events,
		surfaceIds: patch.surfaceIds === undefined ? stored.surfaceIds : patch.surfaceIds,
		enabled,
		disabledReason: enabled
			? null
			: (patch.disabledReason ?? (stored.enabled ? DEFAULT_DISABLED_REASON : stored.disabledReason)),
	};
	const changedFields: SubscriberChange["changedFields"] = [];
	if (settings.name !== stored.name) changedFields.push("name");
	if (settings.url !== stored.url) changedFields.push("url");
	if (!sameList(settings.events, stored.events)) changedFields.push("events");
	if (!sameList(settings.surfaceIds, stored.surfaceIds)) changedFields.push("surface_ids");
	const switched = enabled === stored.enabled ? null : enabled ? "enabled" : "disabled";
	const reasonChanged = settings.disabledReason !== stored.disabledReason;
	if (changedFields.length === 0 && switched === null && !reasonChanged) return null;
	return { settings, changedFields, switched, reasonChanged };
}

/** The audit rows of a change: action and detail, never a URL or a secret. */
export function auditOfChange(change: SubscriberChange): { action: SubscriberAuditAction; detail: string | null }[] {
	const rows: { action: SubscriberAuditAction; detail: string | null }[] = [];
	if (change.changedFields.length > 0)
		rows.push({ action: "updated", detail: `changed: ${change.changedFields.join(", ")}` });
	if (change.switched === "enabled") rows.push({ action: "enabled", detail: "enabled by an operator" });
	if (!change.settings.enabled && change.reasonChanged) {
		rows.push({ action: "disabled", detail: change.settings.disabledReason });
	}
	return rows;
}
