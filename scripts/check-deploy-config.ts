/**
 * Part of `npm run check`: the deploy configuration wrangler will use (wrangler.toml, read by
 * wrangler itself) publishes the Worker where docs/operations.md says it is served, status.raxx.app/api/* in the
 * raxx.app zone, and keeps workers.dev as the fallback; its page time zone is one the runtime knows
 * (the Worker refuses to serve the uptime history in any other); its page id and name are ones the
 * Statuspage-compatible API may show; who may frame the HTML page is a list a CSP header can
 * carry; the Cron Trigger runs every minute (the jobs' health assumes it); the notifications queue
 * has its producer, a consumer with every setting explicit and enough retries for a delivery's
 * longest schedule, and a dead-letter queue with its own consumer; subscribers may not post to
 * loopback (NOTIFICATIONS_ALLOW_LOOPBACK is for local use only); Turnstile's verification URL is
 * https (the secret travels in its body). Exits non-zero, saying why, otherwise. It also warns,
 * without failing, while the subscribe endpoint would run without Turnstile.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseEnv } from "node:util";
import { unstable_readConfig } from "wrangler";
import { cronScheduleProblem } from "../src/domain/cron-schedule.ts";
import { DEFAULT_FRAME_ANCESTORS, frameAncestorsProblem } from "../src/domain/frame-ancestors.ts";
import { worstCaseQueueHops } from "../src/domain/notifications/retry-schedule.ts";
import {
	configuredOr,
	DEFAULT_PAGE_ID,
	DEFAULT_PAGE_NAME,
	pageIdProblem,
	pageNameProblem,
} from "../src/domain/page-identity.ts";

export const PRODUCTION_ROUTE = { pattern: "status.raxx.app/api/*", zone_name: "raxx.app" } as const;
/** Where subscriptions' mails link to: without it confirm and unsubscribe links would reach Pages, not the Worker. */
export const SUBSCRIPTIONS_ROUTE = { pattern: "status.raxx.app/subscriptions/*", zone_name: "raxx.app" } as const;

function isKnownTimeZone(zone: unknown): boolean {
	if (typeof zone !== "string" || zone.trim() === "") return false;
	try {
		new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() });
		return true;
	} catch {
		return false;
	}
}

export function deployConfigProblems(configPath: string): string[] {
	const config = unstable_readConfig({ config: configPath });
	const problems: string[] = [];
	const routes: unknown[] = config.routes ?? [];
	for (const wanted of [PRODUCTION_ROUTE, SUBSCRIPTIONS_ROUTE]) {
		const declared = routes.some((route) => {
			if (typeof route !== "object" || route === null) return false;
			const { pattern, zone_name } = route as { pattern?: unknown; zone_name?: unknown };
			return pattern === wanted.pattern && zone_name === wanted.zone_name;
		});
		if (!declared) {
			problems.push(
				`routes must declare { pattern = "${wanted.pattern}", zone_name = "${wanted.zone_name}" }; found ${JSON.stringify(routes)}`,
			);
		}
	}
	if (config.workers_dev !== true) problems.push("workers_dev must stay true: the workers.dev URL is the fallback");
	const zone = (config.vars as Record<string, unknown>).STATUS_PAGE_TIME_ZONE;
	if (zone !== undefined && !isKnownTimeZone(zone)) {
		problems.push(
			`STATUS_PAGE_TIME_ZONE must be an IANA time zone such as "UTC" or "America/New_York"; found ${JSON.stringify(zone)}`,
		);
	}
	const { STATUS_PAGE_ID: id, STATUS_PAGE_NAME: name } = config.vars as Record<string, unknown>;
	for (const [key, value, problemOf, fallback] of [
		["STATUS_PAGE_ID", id, pageIdProblem, DEFAULT_PAGE_ID],
		["STATUS_PAGE_NAME", name, pageNameProblem, DEFAULT_PAGE_NAME],
	] as const) {
		if (value !== undefined && typeof value !== "string") problems.push(`${key} must be a string`);
		const problem = typeof value === "string" ? problemOf(configuredOr(value, fallback)) : null;
		if (problem !== null) problems.push(`${key} ${problem}; found ${JSON.stringify(value)}`);
	}
	const ancestors = (config.vars as Record<string, unknown>).STATUS_PAGE_FRAME_ANCESTORS;
	if (ancestors !== undefined) {
		const problem =
			typeof ancestors === "string"
				? frameAncestorsProblem(configuredOr(ancestors, DEFAULT_FRAME_ANCESTORS))
				: "must be a string";
		if (problem !== null) problems.push(`STATUS_PAGE_FRAME_ANCESTORS ${problem}; found ${JSON.stringify(ancestors)}`);
	}
	const cronProblem = cronScheduleProblem(config.triggers.crons ?? []);
	if (cronProblem !== null) problems.push(cronProblem);
	problems.push(...notifyQueueProblems(config));
	if ((config.vars as Record<string, unknown>).NOTIFICATIONS_ALLOW_LOOPBACK === "true") {
		problems.push(
			'NOTIFICATIONS_ALLOW_LOOPBACK must not be "true" in wrangler.toml: it lets subscribers post to 127.0.0.1 (use `npm start -- --var NOTIFICATIONS_ALLOW_LOOPBACK:true` locally)',
		);
	}
	problems.push(...turnstileUrlProblems(config.vars as Record<string, unknown>));
	return problems;
}

function turnstileUrlProblems(vars: Record<string, unknown>): string[] {
	const url = vars.TURNSTILE_VERIFY_URL;
	// Empty or unset: the Worker uses Cloudflare's own siteverify URL.
	if (url === undefined || url === "") return [];
	if (typeof url !== "string") return ["TURNSTILE_VERIFY_URL must be a string"];
	let parsed: URL | null = null;
	try {
		parsed = new URL(url);
	} catch {
		parsed = null;
	}
	if (parsed?.protocol === "https:") return [];
	return [
		`TURNSTILE_VERIFY_URL must be an https URL (the Turnstile secret is sent to it), such as "https://challenges.cloudflare.com/turnstile/v0/siteverify"; found ${JSON.stringify(url)}`,
	];
}

/** The secrets a deploy is to have set: the names .dev.vars.example declares (as `npm run cf-typegen` reads them). */
export function secretNames(devVarsExample: string): string[] {
	return Object.keys(parseEnv(readFileSync(devVarsExample, "utf8")));
}

/**
 * What `npm run check` warns about without failing: the subscribe endpoint would run without
 * Turnstile (its secret is not among the secrets to set, or the page has no site key to show the
 * widget with). `devVarsExample` is the file naming the secrets, beside wrangler.toml by default.
 */
export function deployConfigWarnings(
	configPath: string,
	devVarsExample: string = join(dirname(configPath), ".dev.vars.example"),
): string[] {
	const vars = unstable_readConfig({ config: configPath }).vars as Record<string, unknown>;
	const warnings: string[] = [];
	if (!secretNames(devVarsExample).includes("TURNSTILE_SECRET_KEY")) {
		warnings.push(
			"TURNSTILE_SECRET_KEY is not among the secrets to set (.dev.vars.example): the subscribe endpoint will run without Turnstile, behind its rate limits alone",
		);
	}
	const siteKey = vars.TURNSTILE_SITE_KEY;
	if (typeof siteKey !== "string" || siteKey.trim() === "") {
		warnings.push(
			'TURNSTILE_SITE_KEY is empty: the subscribe form shows no Turnstile widget. Set the widget\'s site key here and its secret with `npx wrangler secret put TURNSTILE_SECRET_KEY` (a secret without a site key refuses every subscription from the page); docs/operations.md, "Subscriptions: abuse and operators"',
		);
	}
	return warnings;
}

export const NOTIFY_BINDING = "NOTIFY_QUEUE";

interface QueueConsumer {
	queue: string;
	max_batch_size?: number;
	max_batch_timeout?: number;
	max_retries?: number;
	dead_letter_queue?: string;
}

function notifyQueueProblems(config: ReturnType<typeof unstable_readConfig>): string[] {
	// wrangler's bundled declarations of these entries do not resolve outside it, hence the shapes.
	const queues = config.queues as { producers?: { binding: string; queue: string }[]; consumers?: QueueConsumer[] };
	const producer = (queues.producers ?? []).find((entry) => entry.binding === NOTIFY_BINDING);
	if (!producer) return [`[[queues.producers]] must bind ${NOTIFY_BINDING}`];
	const consumers = queues.consumers ?? [];
	const consumer = consumers.find((entry) => entry.queue === producer.queue);
	if (!consumer) return [`[[queues.consumers]] must consume "${producer.queue}"`];
	const problems: string[] = [];
	for (const setting of ["max_batch_size", "max_batch_timeout", "max_retries", "dead_letter_queue"] as const) {
		if (consumer[setting] === undefined) {
			problems.push(
				`the consumer of "${producer.queue}" must set ${setting} (Miniflare's defaults differ from production's)`,
			);
		}
	}
	const needed = worstCaseQueueHops();
	if (consumer.max_retries !== undefined && consumer.max_retries < needed) {
		problems.push(
			`the consumer of "${producer.queue}" needs max_retries >= ${needed} (a delivery's longest schedule); found ${consumer.max_retries}`,
		);
	}
	const deadLetters = consumer.dead_letter_queue;
	if (deadLetters !== undefined && !consumers.some((entry) => entry.queue === deadLetters)) {
		problems.push(
			`the dead-letter queue "${deadLetters}" needs a consumer: what reaches it must be recorded as failed`,
		);
	}
	return problems;
}

if (import.meta.main) {
	const problems = deployConfigProblems(join(import.meta.dirname, "..", "wrangler.toml"));
	for (const problem of problems) console.error(`check-deploy-config: ${problem}`);
	for (const warning of deployConfigWarnings(join(import.meta.dirname, "..", "wrangler.toml"))) {
		console.warn(`check-deploy-config: warning: ${warning}`);
	}
	if (problems.length === 0) {
		console.log(
			`check-deploy-config: routes ${PRODUCTION_ROUTE.pattern} and ${SUBSCRIPTIONS_ROUTE.pattern} (zone ${PRODUCTION_ROUTE.zone_name}), workers.dev on`,
		);
	}
	process.exitCode = problems.length === 0 ? 0 : 1;
}
