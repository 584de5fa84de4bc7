import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { deployConfigProblems, deployConfigWarnings } from "../../scripts/check-deploy-config.ts";

const root = join(import.meta.dirname, "..", "..");
const scratch: string[] = [];
afterAll(async () => {
	await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** wrangler.toml with one edit, written beside a copy so wrangler reads it as it reads the real one. */
async function editedConfig(edit: (toml: string) => string): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), "status-d1-wrangler-"));
	scratch.push(dir);
	const path = join(dir, "wrangler.toml");
	await writeFile(path, edit(await readFile(join(root, "wrangler.toml"), "utf8")));
	return path;
}

describe("the deploy configuration (npm run check)", () => {
	it("publishes at status.raxx.app/api/* in the raxx.app zone, with workers.dev as the fallback", () => {
		expect(deployConfigProblems(join(root, "wrangler.toml"))).toEqual([]);
	});

	it("fails when a route is missing, in another zone, or workers.dev is off", async () => {
		const noRoute = await editedConfig((toml) => toml.replace(/^routes = \[[\s\S]*?\n\]/m, ""));
		expect(deployConfigProblems(noRoute).join()).toMatch(/routes must declare/);
		// Without /subscriptions/*, the confirm and unsubscribe links of every mail would reach Pages.
		const noSubscriptions = await editedConfig((toml) =>
			toml.replace(/^\s*\{ pattern = "status\.raxx\.app\/subscriptions\/\*".*\n/m, ""),
		);
		expect(deployConfigProblems(noSubscriptions)).toEqual([
			expect.stringMatching(/^routes must declare \{ pattern = "status\.raxx\.app\/subscriptions\/\*"/),
		]);
		const otherZone = await editedConfig((toml) => toml.replace('zone_name = "raxx.app"', 'zone_name = "example.com"'));
		expect(deployConfigProblems(otherZone).join()).toMatch(/routes must declare/);
		const noFallback = await editedConfig((toml) => toml.replace("workers_dev = true", "workers_dev = false"));
		expect(deployConfigProblems(noFallback)).toEqual([
			"workers_dev must stay true: the workers.dev URL is the fallback",
		]);
	});

	it("fails when the notifications queue lacks a setting, enough retries, or a consumer for its dead letters", async () => {
		const noBatchSize = await editedConfig((toml) =>
			toml.replace("max_batch_size = 10\nmax_batch_timeout = 1", "max_batch_timeout = 1"),
		);
		expect(deployConfigProblems(noBatchSize).join()).toMatch(/must set max_batch_size/);
		const fewRetries = await editedConfig((toml) => toml.replace("max_retries = 30", "max_retries = 3"));
		expect(deployConfigProblems(fewRetries).join()).toMatch(/needs max_retries >= 19/);
		const noDeadLetterConsumer = await editedConfig((toml) =>
			toml.replace('queue = "status-notify-dlq"\nmax_batch_size', 'queue = "other"\nmax_batch_size'),
		);
		expect(deployConfigProblems(noDeadLetterConsumer).join()).toMatch(/"status-notify-dlq" needs a consumer/);
		const noProducer = await editedConfig((toml) => toml.replace('binding = "NOTIFY_QUEUE"', 'binding = "OTHER"'));
		expect(deployConfigProblems(noProducer).join()).toMatch(/must bind NOTIFY_QUEUE/);
	});

	it("fails when subscribers may post to loopback (a local-only setting)", async () => {
		const loopback = await editedConfig((toml) =>
			toml.replace('NOTIFICATIONS_ALLOW_LOOPBACK = "false"', 'NOTIFICATIONS_ALLOW_LOOPBACK = "true"'),
		);
		expect(deployConfigProblems(loopback).join()).toMatch(/NOTIFICATIONS_ALLOW_LOOPBACK must not be "true"/);
	});

	it("fails when the page's time zone is no IANA zone", async () => {
		const mars = await editedConfig((toml) =>
			toml.replace('STATUS_PAGE_TIME_ZONE = "UTC"', 'STATUS_PAGE_TIME_ZONE = "Mars/Olympus_Mons"'),
		);
		expect(deployConfigProblems(mars).join()).toMatch(/STATUS_PAGE_TIME_ZONE must be an IANA time zone/);
		const newYork = await editedConfig((toml) =>
			toml.replace('STATUS_PAGE_TIME_ZONE = "UTC"', 'STATUS_PAGE_TIME_ZONE = "America/New_York"'),
		);
		expect(deployConfigProblems(newYork)).toEqual([]);
	});

	it("fails when the page's id or name could not be shown (Statuspage-compatible API)", async () => {
		for (const [edit, problem] of [
			['STATUS_PAGE_ID = "Raxx App"', /STATUS_PAGE_ID must be 1-64 lowercase/],
			['STATUS_PAGE_ID = ""', null],
			['STATUS_PAGE_NAME = "raxx\\u202Eapp"', /STATUS_PAGE_NAME must not contain control, bidirectional/],
			['STATUS_PAGE_NAME = "   "', null],
			[`STATUS_PAGE_NAME = "${"x".repeat(81)}"`, /STATUS_PAGE_NAME must be at most 80 characters/],
			['STATUS_PAGE_NAME = "Raxx status"', null],
		] as const) {
			const key = edit.slice(0, edit.indexOf(" ="));
			const config = await editedConfig((toml) => toml.replace(new RegExp(`^${key} = .*$`, "m"), edit));
			if (problem === null) expect(deployConfigProblems(config), edit).toEqual([]);
			else expect(deployConfigProblems(config).join(), edit).toMatch(problem);
		}
	});

	it("fails when who may frame the page is not a list of sources a CSP header can carry", async () => {
		for (const [edit, problem] of [
			[`STATUS_PAGE_FRAME_ANCESTORS = "https://raxx.app https://*.raxx.app 'self'"`, null],
			['STATUS_PAGE_FRAME_ANCESTORS = ""', null],
			['STATUS_PAGE_FRAME_ANCESTORS = "https://raxx.app; script-src *"', /STATUS_PAGE_FRAME_ANCESTORS must be 'none'/],
			['STATUS_PAGE_FRAME_ANCESTORS = "*"', /STATUS_PAGE_FRAME_ANCESTORS must be 'none'/],
			['STATUS_PAGE_FRAME_ANCESTORS = "http://raxx.app"', /'http:\/\/raxx\.app' is not https/],
			[
				'STATUS_PAGE_FRAME_ANCESTORS = "https://*.com"',
				/'https:\/\/\*\.com' puts a wildcard directly on a public suffix/,
			],
			[
				'STATUS_PAGE_FRAME_ANCESTORS = "https://*.workers.dev"',
				/'https:\/\/\*\.workers\.dev' puts a wildcard directly on a public suffix/,
			],
			['STATUS_PAGE_FRAME_ANCESTORS = "https://raxx.app:99999"', /names port '99999': a port is 1-65535/],
			['STATUS_PAGE_FRAME_ANCESTORS = "https://raxx.app/embed"', /has a path, query or fragment/],
			[`STATUS_PAGE_FRAME_ANCESTORS = "'self' https://*.raxx.workers.dev https://raxx.app:8443"`, null],
		] as const) {
			const config = await editedConfig((toml) => toml.replace(/^STATUS_PAGE_FRAME_ANCESTORS = .*$/m, edit));
			if (problem === null) expect(deployConfigProblems(config), edit).toEqual([]);
			else expect(deployConfigProblems(config).join(), edit).toMatch(problem);
		}
	});

	it("fails unless the Cron Trigger runs every minute: a job is stale after three one-minute cycles", async () => {
		for (const [edit, problem] of [
			['crons = ["*/5 * * * *"]', true],
			['crons = ["0 * * * *"]', true],
			['crons = ["* * * * *", "*/2 * * * *"]', true],
			["crons = []", true],
			['crons = ["*/1 * * * *"]', false],
		] as const) {
			const config = await editedConfig((toml) => toml.replace(/^crons = .*$/m, edit));
			if (problem) expect(deployConfigProblems(config).join(), edit).toMatch(/triggers\.crons must be exactly/);
			else expect(deployConfigProblems(config), edit).toEqual([]);
		}
	});

	it("fails when Turnstile's verification URL is not https: the secret is sent to it", async () => {
		for (const [edit, problem] of [
			['TURNSTILE_VERIFY_URL = "http://challenges.cloudflare.com/turnstile/v0/siteverify"', true],
			['TURNSTILE_VERIFY_URL = "http://127.0.0.1:9999/script/turnstile-siteverify"', true],
			['TURNSTILE_VERIFY_URL = "challenges.cloudflare.com/turnstile/v0/siteverify"', true],
			['TURNSTILE_VERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify"', false],
			['TURNSTILE_VERIFY_URL = ""', false],
		] as const) {
			const config = await editedConfig((toml) => toml.replace(/^TURNSTILE_VERIFY_URL = .*$/m, edit));
			if (problem)
				expect(deployConfigProblems(config).join(), edit).toMatch(/TURNSTILE_VERIFY_URL must be an https URL/);
			else expect(deployConfigProblems(config), edit).toEqual([]);
		}
	});

	it("warns, without failing, while subscriptions would run without Turnstile: no site key, or no secret to set", async () => {
		const secrets = join(root, ".dev.vars.example");
		// As committed: Turnstile's secret is declared, the site key is not filled in yet.
		expect(deployConfigWarnings(join(root, "wrangler.toml"))).toEqual([
			expect.stringMatching(/^TURNSTILE_SITE_KEY is empty: the subscribe form shows no Turnstile widget/),
		]);
		const withSiteKey = await editedConfig((toml) =>
			toml.replace('TURNSTILE_SITE_KEY = ""', 'TURNSTILE_SITE_KEY = "0x4AAAAAAAexampleSiteKey"'),
		);
		expect(deployConfigWarnings(withSiteKey, secrets)).toEqual([]);
		expect(deployConfigProblems(withSiteKey)).toEqual([]);
		const blankSiteKey = await editedConfig((toml) =>
			toml.replace('TURNSTILE_SITE_KEY = ""', 'TURNSTILE_SITE_KEY = "  "'),
		);
		expect(deployConfigWarnings(blankSiteKey, secrets).join()).toMatch(/TURNSTILE_SITE_KEY is empty/);

		const withoutSecret = join(dirname(withSiteKey), ".dev.vars.example");
		const example = await readFile(secrets, "utf8");
		await writeFile(withoutSecret, example.replace(/^TURNSTILE_SECRET_KEY=.*$/m, ""));
		expect(deployConfigWarnings(withSiteKey, withoutSecret)).toEqual([
			expect.stringMatching(/^TURNSTILE_SECRET_KEY is not among the secrets to set \(\.dev\.vars\.example\)/),
		]);
	});

	it("prints the warnings and still exits 0 (npm run check goes on)", async () => {
		const { stdout, stderr } = await promisify(execFile)(process.execPath, [
			join(root, "scripts", "check-deploy-config.ts"),
		]);
		expect(stdout).toContain("check-deploy-config: routes status.raxx.app/api/* and status.raxx.app/subscriptions/*");
		expect(stderr).toContain("check-deploy-config: warning: TURNSTILE_SITE_KEY is empty");
	});
});
