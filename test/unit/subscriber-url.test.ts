import { describe, expect, it } from "vitest";
import { checkSubscriberUrl, type SubscriberKind } from "../../src/domain/notifications/subscriber-url";

const rules = { ownHosts: ["status.raxx.app"], allowLoopback: false };
const problemOf = (kind: SubscriberKind, url: string, options = rules) => {
	const check = checkSubscriberUrl(kind, url, options);
	return check.ok ? null : check.problem;
};

describe("a subscriber's URL", () => {
	it("takes public https hosts, and each chat kind's own incoming-webhook URLs", () => {
		for (const [kind, url] of [
			["webhook", "https://hooks.example-partner.com/status?team=ops"],
			["statuspage", "https://api.incident-tool.io/v1/statuspage/abc"],
			["slack", "https://hooks.slack.com/services/T000/B000/XXXXXXXX"],
			["discord", "https://discord.com/api/webhooks/1234567890/abc_DEF-123"],
			["teams", "https://prod-23.westeurope.logic.azure.com:443/workflows/0a1b2c/triggers/manual/paths/invoke?sig=x"],
		] as const) {
			expect(problemOf(kind, url), url).toBeNull();
		}
	});

	it("refuses what would reach this Worker, the machine or a private network", () => {
		for (const url of [
			"http://hooks.example-partner.com/",
			"https://user:pass@hooks.example-partner.com/",
			"https://127.0.0.1/",
			"https://2130706433/",
			"https://0x7f.1/",
			"https://[::1]/",
			"https://localhost/",
			"https://api.localhost/",
			"https://printer.local/",
			"https://intranet/",
			"https://db.internal/",
			"https://hooks.example-partner.com:8443/",
			"https://status.raxx.app/api/internal/status/update-surface",
			"https://STATUS.raxx.app./",
			"https://status.raxx.app../x",
			"https://localhost../",
			"https://localhost.localdomain/",
			"https://kubernetes.default.svc/",
			"https://router.home/",
			"https://hidden.onion/",
			"https://name.alt/",
			"not a url",
			"ftp://hooks.example-partner.com/",
		]) {
			expect(problemOf("webhook", url), url).not.toBeNull();
		}
	});

	it("refuses a chat kind at another host or path", () => {
		expect(problemOf("slack", "https://hooks.example-partner.com/services/T/B/X")).toMatch(/slack/);
		expect(problemOf("slack", "https://hooks.slack.com/workflows/T/B/X")).toMatch(/slack/);
		expect(problemOf("discord", "https://discord.com/api/channels/1/messages")).toMatch(/discord/);
		expect(problemOf("teams", "https://evil.example-partner.com/workflows/1/")).toMatch(/teams/);
	});

	it("takes http://127.0.0.1:PORT for any kind only where loopback is allowed", () => {
		const local = { ...rules, allowLoopback: true };
		for (const kind of ["webhook", "slack", "discord", "teams"] as const) {
			expect(problemOf(kind, "http://127.0.0.1:8788/hook", local)).toBeNull();
			expect(problemOf(kind, "http://127.0.0.1:8788/hook")).not.toBeNull();
		}
		expect(problemOf("webhook", "http://127.0.0.1/hook", local)).not.toBeNull();
		expect(problemOf("webhook", "http://localhost:8788/hook", local)).not.toBeNull();
	});
});
