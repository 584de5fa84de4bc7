import { describe, expect, it } from "vitest";
import {
	auditOfChange,
	DEFAULT_DISABLED_REASON,
	maskedUrl,
	type SubscriberSettings,
	subscriberChange,
} from "../../src/domain/notifications/subscriber";

const stored: SubscriberSettings = {
	name: "Ops",
	url: "https://hooks.slack.com/services/T1/B2/token",
	events: ["incident.created"],
	surfaceIds: null,
	enabled: true,
	disabledReason: null,
};

describe("an operator's change of a subscriber", () => {
	it("is nothing when every given field is as stored", () => {
		expect(subscriberChange(stored, {})).toBeNull();
		expect(
			subscriberChange(stored, { name: "Ops", enabled: true, events: ["incident.created"], surfaceIds: null }),
		).toBeNull();
		const disabled = { ...stored, enabled: false, disabledReason: "archived" };
		// Disabled again without a reason keeps the one it has.
		expect(subscriberChange(disabled, { enabled: false })).toBeNull();
	});

	it("names the fields it changes, never their values, and switches with their audit rows", () => {
		const change = subscriberChange(stored, {
			url: "https://hooks.slack.com/services/T1/B2/other",
			surfaceIds: ["charts"],
		});
		expect(change?.changedFields).toEqual(["url", "surface_ids"]);
		expect(auditOfChange(change ?? ({} as never))).toEqual([
			{ action: "updated", detail: "changed: url, surface_ids" },
		]);

		const off = subscriberChange(stored, { enabled: false });
		expect(off?.settings).toMatchObject({ enabled: false, disabledReason: DEFAULT_DISABLED_REASON });
		expect(auditOfChange(off ?? ({} as never))).toEqual([{ action: "disabled", detail: DEFAULT_DISABLED_REASON }]);

		const disabled = { ...stored, enabled: false, disabledReason: "archived" };
		const reason = subscriberChange(disabled, { enabled: false, disabledReason: "moved" });
		expect(auditOfChange(reason ?? ({} as never))).toEqual([{ action: "disabled", detail: "moved" }]);
		const on = subscriberChange(disabled, { enabled: true, name: "Ops (EU)" });
		expect(on?.settings).toMatchObject({ enabled: true, disabledReason: null });
		expect(on?.switched).toBe("enabled");
		expect(auditOfChange(on ?? ({} as never))).toEqual([
			{ action: "updated", detail: "changed: name" },
			{ action: "enabled", detail: "enabled by an operator" },
		]);
	});
});

describe("a masked URL", () => {
	it("is its scheme and host (with a port), never its path, query or credentials", () => {
		expect(maskedUrl("https://hooks.slack.com/services/T1/B2/token?x=1")).toBe("https://hooks.slack.com/…");
		expect(maskedUrl("http://127.0.0.1:8788/script/key")).toBe("http://127.0.0.1:8788/…");
		expect(maskedUrl("https://user:pw@example.org/a")).toBe("https://example.org/…");
		expect(maskedUrl("not a url/secret")).toBe("(not a URL)/…");
	});
});
