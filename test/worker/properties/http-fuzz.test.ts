import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { MAX_CLOCK_SKEW_MS } from "../../../src/domain/instants";
import { LISTED_WINDOWS_PER_STATUS, MAX_OPEN_WINDOWS } from "../../../src/domain/maintenance-window";
import { publicTextProblem } from "../../../src/domain/public-text";
import type { PublicIncidentsAnswer } from "../../../src/http/incidents/schemas";
import type { Problem } from "../../../src/http/problem";
import {
	ATLASSIAN_V2_PATHS,
	INTERNAL_PATHS,
	incidentPagePath,
	incidentPath,
	maintenancePath,
	PAGE_PATHS,
	PUBLIC_PATHS,
	surfacePath,
} from "../../../src/paths";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { incidentsSince, MAX_LISTED_INCIDENTS } from "../../../src/verbs/list-incidents";
import { childrenNamed, childText, parseXml, type XmlElement } from "../feeds/xml-tree";
import {
	COMBINING_MARK_FLOODS,
	FORBIDDEN_CHARACTERS,
	HOSTILE_OUTPUT_TEXTS,
	INVISIBLE_TEXTS,
	LONE_SURROGATES,
	NONCHARACTERS,
	PROTOTYPE_KEYS,
} from "../hostile/corpus";
import { elements, parseHtml } from "../page/html-tree";
import { nativeSignature, relayBody, relaySignature } from "../support/freescout";
import { BASE_URL, CURRENT_TOKEN } from "../support/http";
import { expectInvariants } from "../support/invariants";
import { healthyUrls, jobEnv } from "../support/jobs";
import { runs } from "../support/runs";
import { clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";

// Random methods, paths, headers and bodies at every route: never a 500, never a partial write,
// problem+json on every rejection.

const ROUTES = [
	PUBLIC_PATHS.surfaces,
	PUBLIC_PATHS.incidents,
	PUBLIC_PATHS.marketTime,
	PUBLIC_PATHS.marketCalendar,
	INTERNAL_PATHS.updateSurface,
	INTERNAL_PATHS.freescoutWebhook,
	INTERNAL_PATHS.seedSurfaces,
	INTERNAL_PATHS.runJobs,
	"/api/openapi.json",
	// Issues 13 and 14.
	PUBLIC_PATHS.uptime,
	PUBLIC_PATHS.maintenances,
	incidentPath("inc_00001"),
	INTERNAL_PATHS.rebuildUptime,
	maintenancePath("fuzzed-window"),
	// The ecosystem's formats.
	PUBLIC_PATHS.badge,
	PUBLIC_PATHS.shields,
	surfacePath(PUBLIC_PATHS.surfaceBadge, "login"),
	surfacePath(PUBLIC_PATHS.surfaceShields, "constructor"),
	PUBLIC_PATHS.health,
	PUBLIC_PATHS.feedAtom,
	PUBLIC_PATHS.feedRss,
	...Object.values(ATLASSIAN_V2_PATHS),
	// The HTML page, an incident's page, the page's files.
	PAGE_PATHS.home,
	incidentPagePath("inc_00001"),
	"/assets/style.0123456789abcdef.css",
];

const text = fc.oneof(
	fc.string({ unit: "grapheme", maxLength: 40 }),
	fc.string({ unit: "binary", maxLength: 40 }),
	fc.constantFrom("\u0000", "%00", "..%2f..%2f", "😀".repeat(5), "ＡＰＩ", "' OR 1=1 --", "<script>"),
);

// Hostile classes: instants of any year 0-99999, Object.prototype words, forbidden
// characters, oversized notes; each reaches every route that takes such input.
const hostileInstant = fc
	.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom("Z", "-23:59", "+14:00"))
	.map(
		([year, month, offset]) =>
			`${year > 9999 ? `+${String(year).padStart(6, "0")}` : String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-15T12:00:00${offset}`,
	);
const hostileDate = hostileInstant.map((instant) => instant.slice(0, instant.indexOf("T")));
const hostileWord = fc.constantFrom(...PROTOTYPE_KEYS);
const hostileNote = fc.oneof(
	fc.tuple(text, fc.constantFrom(...Object.values(FORBIDDEN_CHARACTERS)), text).map(([a, c, b]) => `${a}${c}${b}`),
	fc.integer({ min: 281, max: 2000 }).map((length) => "n".repeat(length)),
);

const path = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.constantFrom(...ROUTES), text)
			.map(([route, suffix]) => `${route}/${encodeURIComponent(suffix)}`),
	},
	{
		weight: 1,
		arbitrary: fc.array(text, { maxLength: 4 }).map((parts) => `/${parts.map(encodeURIComponent).join("/")}`),
	},
);

const query = fc.oneof(
	fc.constant(""),
	fc.record({ at: fc.oneof(text, hostileInstant) }).map(({ at }) => `?at=${encodeURIComponent(at)}`),
	fc.tuple(hostileDate, hostileDate).map(([start, end]) => `?start=${start}&end=${end}`),
	fc.tuple(text, text).map(([start, end]) => `?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`),
	fc.constantFrom(
		"?start=2026-01-01&end=2026-12-31",
		"?at=2026-11-27T12:59:59-05:00",
		"?start=0000-01-01&end=9999-12-31",
		"?days=90",
		"?days=1&surface=login",
		"?restart=true",
	),
	fc
		.tuple(text, text)
		.map(([days, surface]) => `?days=${encodeURIComponent(days)}&surface=${encodeURIComponent(surface)}`),
);

const validUpdate = fc.record({
	surface_id: fc.oneof(fc.constantFrom("login", "charts", "cloudflare"), text),
	state: fc.oneof(fc.constantFrom("OPERATIONAL", "DEGRADED", "DOWN", "MAINTENANCE"), text),
	state_source: fc.oneof(fc.constantFrom("manual", "prober", "3p_poller", "schedule"), text),
	actor: fc.oneof(fc.constant("ops"), text),
	public_note: fc.oneof(fc.constant(null), text, fc.string({ minLength: 270, maxLength: 300 }), hostileNote),
	maintenance_until: fc.option(hostileInstant, { nil: undefined }),
	ticket_pending: fc.oneof(fc.boolean(), fc.anything()),
});

const ticket = fc.record({
	event: fc.constantFrom("conversation.created", "conversation.updated", "conversation.deleted"),
	ticket: fc.record({
		id: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.anything()),
		status: fc.constantFrom("open", "closed", "pending", "spam", "weird"),
		updated_at: fc.oneof(
			fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
			text,
			hostileInstant,
		),
		custom_fields: fc.array(
			fc.record({
				slug: fc.constantFrom("component_tag", "incident_severity", "public_status", "other"),
				value: fc.oneof(text, fc.constantFrom("login", "down", "charts"), hostileWord, hostileNote),
			}),
			{ maxLength: 4 },
		),
	}),
});

const jsonBody = fc
	.oneof(
		validUpdate,
		ticket,
		fc.json().map((json) => JSON.parse(json) as unknown),
		fc.anything(),
	)
	.map((value) => {
		try {
			return JSON.stringify(value) ?? "null";
		} catch {
			return "{}";
		}
	});

const body = fc.oneof(
	{ weight: 1, arbitrary: fc.constant(undefined) },
	{ weight: 5, arbitrary: jsonBody },
	{ weight: 2, arbitrary: fc.tuple(jsonBody, fc.nat()).map(([json, cut]) => json.slice(0, cut % (json.length + 1))) },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
	{ weight: 1, arbitrary: fc.string({ unit: "binary" }).map((value) => `{"surface_id":"${value}\u0000"}`) },
	{ weight: 1, arbitrary: fc.constant(`{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`) },
	{ weight: 1, arbitrary: fc.integer({ min: 15_000, max: 600_000 }).map((size) => `"${"x".repeat(size)}"`) },
);

const request = fc.record({
	method: fc.constantFrom("GET", "HEAD", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
	path,
	query,
	contentType: fc.constantFrom(
		"application/json",
		"application/json; charset=utf-8",
		"text/plain",
		"",
		"multipart/form-data; boundary=x",
		"application/vnd.api+json",
	),
	auth: fc.constantFrom("none", "token", "wrong-token", "relay-signature", "native-signature", "garbage-signature"),
	event: fc.oneof(fc.constantFrom(undefined, "convo.created", "convo.status", "customer.created", "😀"), hostileWord),
	body,
});

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function toRequest(input: FuzzRequest): Promise<Request> {
	const headers = new Headers();
	if (input.contentType) headers.set("Content-Type", input.contentType);
	if (input.event) headers.set("X-FreeScout-Event", input.event);
	const raw = typeof input.body === "string" ? input.body : "";
	if (input.auth === "token") headers.set("X-Internal-Status-Token", CURRENT_TOKEN);
	if (input.auth === "wrong-token") headers.set("X-Internal-Status-Token", "wrong");
	if (input.auth === "relay-signature") headers.set("X-FreeScout-Signature", await relaySignature(raw));
	if (input.auth === "native-signature") headers.set("X-FreeScout-Signature", await nativeSignature(raw));
	if (input.auth === "garbage-signature") headers.set("X-FreeScout-Signature", "sha256=zz");
	const hasBody = input.body !== undefined && input.method !== "GET" && input.method !== "HEAD";
	return new Request(`${BASE_URL}${input.path}${input.query}`, {
		method: input.method,
		headers,
		body: hasBody ? input.body : undefined,
	});
}

let fuzzEnv: ReturnType<typeof jobEnv>;

beforeAll(async () => {
	await clearTables();
	// run-jobs reaches only the stand-in partner server.
	fuzzEnv = jobEnv(await healthyUrls());
});

it("never answers 500, answers every rejection with problem+json, and leaves the invariants whole", async () => {
	const app = createApp();
	let answered = 0;
	await fc.assert(
		fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 8 }), async (requests) => {
			for (const input of requests) {
				const response = await app.fetch(await toRequest(input), fuzzEnv, createExecutionContext());
				answered += 1;
				expect(response.status, `${input.method} ${input.path}`).toBeLessThan(500);
				// The pages a person opens (an incident's, the subscription links) refuse with a page of
				// their own: problem+json is for the API and for whoever asks for JSON.
				const personsPage = /^\/(incidents|subscriptions|history)(\/|$)/.test(input.path);
				if (response.status >= 400 && personsPage && response.headers.get("Content-Type")?.startsWith("text/html")) {
					await response.body?.cancel();
				} else if (response.status >= 400) {
					expect(response.headers.get("Content-Type")).toBe("application/problem+json");
					if (input.method !== "HEAD") {
						const problem = await response.json<Problem>();
						expect(problem.status).toBe(response.status);
						expect(problem.code && problem.title && problem.detail).toBeTruthy();
					}
				}
				if (!response.bodyUsed) await response.body?.cancel();
			}
			await expectInvariants();
		}),
		{ numRuns: runs(60, 1500) },
	);
	expect(answered).toBeGreaterThan(60);
}, 600_000);

// Text aimed at the output contexts, from the relay and the internal API: every text output keeps
// it text (RSS and the Statuspage JSON as inert HTML, Atom well-formed, the page with no element of
// the writer's).

const outputNote = fc
	.array(
		fc.oneof(
			fc.constantFrom(...Object.values(HOSTILE_OUTPUT_TEXTS)),
			fc.string({ unit: "grapheme", maxLength: 20 }),
			fc.constantFrom("<", ">", "&", "&amp;", '"', "'", "]]>", "@everyone", "[x](https://evil.example)", "\\"),
		),
		{ minLength: 1, maxLength: 4 },
	)
	.map((parts) => parts.join(" ").slice(0, 280));

/** HTML that is text: no tag can start, no attribute end, no reference but the five src/lib/escape writes. */
function expectInertHtml(html: string, where: string): void {
	expect(html, where).not.toMatch(/[<>"']/);
	expect(html.replace(/&(amp|lt|gt|quot|#39);/g, ""), where).not.toContain("&");
}

it("any note aimed at an output context stays text in the feeds, the Statuspage JSON and the page", async () => {
	await clearTables();
	const app = createApp();
	const uncached = { ...env, PUBLIC_CACHE_SECONDS: "0" };
	const send = async (path: string, init?: RequestInit) => {
		const ctx = createExecutionContext();
		const response = await app.fetch(new Request(`${BASE_URL}${path}`, init), uncached, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	};
	let ticketId = 0;
	await fc.assert(
		fc.asyncProperty(outputNote, outputNote, async (surfaceNote, ticketNote) => {
			const update = JSON.stringify({
				surface_id: "charts",
				state: "DEGRADED",
				state_source: "manual",
				actor: "ops",
				public_note: surfaceNote,
			});
			const headers = { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN };
			await (await send(INTERNAL_PATHS.updateSurface, { method: "POST", headers, body: update })).body?.cancel();
			ticketId += 1;
			const relay = relayBody("conversation.updated", {
				id: ticketId,
				status: "open",
				updated_at: new Date().toISOString(),
				component: "login",
				severity: "down",
				note: ticketNote,
			});
			await (
				await send(INTERNAL_PATHS.freescoutWebhook, {
					method: "POST",
					headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await relaySignature(relay) },
					body: relay,
				})
			).body?.cancel();

			const rss = parseXml(await (await send(PUBLIC_PATHS.feedRss)).text());
			for (const item of childrenNamed(childrenNamed(rss, "channel")[0] as XmlElement, "item")) {
				for (const name of ["title", "description"]) expectInertHtml(childText(item, name), `RSS ${name}`);
			}
			parseXml(await (await send(PUBLIC_PATHS.feedAtom)).text());
			const summary = JSON.stringify(await (await send(ATLASSIAN_V2_PATHS.incidents)).json());
			for (const match of summary.matchAll(/"(?:name|body)":("(?:[^"\\]|\\.)*")/g)) {
				expectInertHtml(JSON.parse(match[1] as string) as string, "Statuspage JSON");
			}
			const page = parseHtml(await (await send(PAGE_PATHS.home)).text());
			for (const element of elements(page)) {
				for (const [name, value] of Object.entries(element.attributes)) {
					expect(name.startsWith("on"), name).toBe(false);
					expect(value).not.toContain("evil.example");
				}
			}
		}),
		{ numRuns: runs(15, 300) },
	);
}, 600_000);

// Methods at the known paths: a method a path does not answer is 405 with the path's one Allow
// list, a method it answers is never refused as not allowed, and nothing is written either way.

const METHOD_FUZZ = fc.constantFrom(
	"GET",
	"HEAD",
	"POST",
	"PUT",
	"PATCH",
	"DELETE",
	"OPTIONS",
	"get",
	"post",
	"delete",
	// Methods workerd accepts beyond the usual ones (it refuses tokens it does not know before any Worker runs).
	"PROPFIND",
	"PURGE",
	"MKCOL",
	"REPORT",
	"SEARCH",
);

it("answers a method a known path does not take with 405 and the same Allow, and writes nothing", async () => {
	const app = createApp();
	const send = (method: string, path: string) =>
		app.fetch(
			new Request(`${BASE_URL}${path}`, { method, headers: { "X-Internal-Status-Token": CURRENT_TOKEN } }),
			fuzzEnv,
			createExecutionContext(),
		);
	const allowOf = new Map<string, string[]>();
	for (const path of ROUTES) {
		const probe = await send("PROPFIND", path);
		expect(probe.status, path).toBe(405);
		allowOf.set(path, (probe.headers.get("Allow") ?? "").split(", "));
		await probe.body?.cancel();
	}
	await clearTables();
	const before = await readTables();
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...ROUTES), METHOD_FUZZ, async (path, method) => {
			const allow = allowOf.get(path) ?? [];
			const normalized = ["get", "post", "delete"].includes(method) ? method.toUpperCase() : method;
			// Only the methods that cannot write are sent when allowed: an allowed POST would write by design.
			if (allow.includes(normalized) && !["GET", "HEAD", "OPTIONS"].includes(normalized)) return;
			const response = await send(method, path);
			if (allow.includes(normalized)) {
				expect(response.status, `${method} ${path}`).not.toBe(405);
			} else {
				expect(response.status, `${method} ${path}`).toBe(405);
				expect(response.headers.get("Allow")).toBe(allow.join(", "));
				expect(response.headers.get("Content-Type")).toBe("application/problem+json");
			}
			await response.body?.cancel();
		}),
		{ numRuns: runs(100, 1000) },
	);
	expect(await readTables()).toEqual(before);
}, 600_000);

// ---- Public text: every writer accepts exactly what the rule accepts, and gives it back unchanged ----

const publicTextPiece = fc.oneof(
	fc.string({ unit: "grapheme", maxLength: 12 }),
	fc.string({ unit: "binary", maxLength: 12 }),
	fc.constantFrom(
		...Object.values(LONE_SURROGATES),
		...Object.values(NONCHARACTERS),
		...Object.values(INVISIBLE_TEXTS),
		...Object.values(COMBINING_MARK_FLOODS),
		"\u0301".repeat(8),
		"\u0301",
		"\u200d",
		"\ufe0f",
		"ok",
		" ",
		"\n",
	),
);
const publicTextCandidate = fc.array(publicTextPiece, { maxLength: 4 }).map((pieces) => pieces.join(""));

it("public text: update-surface, maintenance and the relay accept exactly what the rule accepts, unchanged", async () => {
	const app = createApp();
	const send = (path: string, method: string, body: string, headers: Record<string, string>) =>
		app.fetch(
			new Request(`${BASE_URL}${path}`, { method, headers: { "Content-Type": "application/json", ...headers }, body }),
			fuzzEnv,
			createExecutionContext(),
		);
	const token = { "X-Internal-Status-Token": CURRENT_TOKEN };
	const startsAt = Date.now() + 86_400_000;
	let ticketId = 9000;
	await fc.assert(
		fc.asyncProperty(publicTextCandidate, async (candidate) => {
			await clearTables();
			const accepted = publicTextProblem(candidate) === null;
			const before = await readTables();
			const update = await send(
				INTERNAL_PATHS.updateSurface,
				"POST",
				JSON.stringify({
					surface_id: "charts",
					state: "DOWN",
					state_source: "manual",
					actor: "ops",
					public_note: candidate,
				}),
				token,
			);
			const window = await send(
				maintenancePath("fuzzed-text"),
				"PUT",
				JSON.stringify({
					title: "Upgrade",
					public_note: candidate,
					surface_ids: ["login"],
					starts_at: new Date(startsAt).toISOString(),
					ends_at: new Date(startsAt + 3_600_000).toISOString(),
				}),
				token,
			);
			ticketId += 1;
			const relay = JSON.stringify({
				event: "conversation.created",
				ticket: {
					id: ticketId,
					status: "open",
					updated_at: "2026-11-26T08:00:00Z",
					custom_fields: [
						{ slug: "component_tag", value: "deposits" },
						{ slug: "incident_severity", value: "down" },
						{ slug: "public_status", value: candidate },
					],
				},
			});
			const delivery = await send(INTERNAL_PATHS.freescoutWebhook, "POST", relay, {
				"X-FreeScout-Signature": await relaySignature(relay),
			});
			if (!accepted) {
				for (const answer of [update, window]) {
					expect(answer.status, JSON.stringify(candidate)).toBe(422);
					expect((await answer.json<Problem>()).code).toBe("invalid_public_text");
				}
				// A blank custom field is FreeScout's cleared field: no note, never stored as text.
				if (candidate.trim() !== "") {
					expect(delivery.status, JSON.stringify(candidate)).toBe(422);
					expect((await delivery.json<Problem>()).code).toBe("invalid_public_text");
					expect(await readTables()).toEqual(before);
				} else {
					expect(delivery.status).toBe(200);
					expect((await readTables()).status_incidents.map((row) => row.public_note)).toEqual([null]);
				}
				return;
			}
			expect(update.status, JSON.stringify(candidate)).toBe(200);
			expect(window.status, JSON.stringify(candidate)).toBe(201);
			expect(delivery.status, JSON.stringify(candidate)).toBe(200);
			const tables = await readTables();
			expect(tables.surface_state.find((row) => row.surface_id === "charts")?.public_note).toBe(candidate);
			expect(tables.status_maintenances[0]?.public_note).toBe(candidate);
			expect(tables.status_incidents[0]?.public_note).toBe(candidate);
			for (const answer of [update, window, delivery]) await answer.body?.cancel();
		}),
		{ numRuns: runs(40, 400) },
	);
}, 600_000);

// Maintenance writers: random windows (any surfaces of the registry, any overlap), cancels and
// cycles, many keys, from near the cap: never a 500, a refusal writes nothing, the open windows stay
// within the cap, and the public list stays within its bound.

const WINDOW_BASE = Date.now() + 3_600_000;
const windowWrite = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant("put" as const),
			key: fc.integer({ min: 0, max: 80 }).map((index) => `fz-${index}`),
			surfaceIds: fc.subarray(
				SURFACES.map((surface) => surface.id),
				{ minLength: 1 },
			),
			startMinutes: fc.integer({ min: -30, max: 600 }),
			minutes: fc.integer({ min: -5, max: 7 * 24 * 60 + 5 }),
			note: fc.option(fc.constantFrom("Upgrade", "Migration", "x".repeat(280)), { nil: null }),
		}),
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant("delete" as const),
			key: fc.integer({ min: 0, max: 80 }).map((index) => `fz-${index}`),
		}),
	},
	{ weight: 1, arbitrary: fc.constant({ kind: "cycle" as const }) },
);

it("maintenance writers near the cap: never a 500, refusals write nothing, open windows and lists stay bounded", async () => {
	const app = createApp();
	await clearTables();
	const send = (path: string, method: string, body?: unknown) =>
		app.fetch(
			new Request(`${BASE_URL}${path}`, {
				method,
				headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
			}),
			fuzzEnv,
			createExecutionContext(),
		);
	// Near the cap before the fuzz starts.
	for (let index = 0; index < MAX_OPEN_WINDOWS - 5; index += 1) {
		const response = await send(maintenancePath(`base-${index}`), "PUT", {
			title: `Base ${index}`,
			surface_ids: SURFACES.map((surface) => surface.id),
			starts_at: new Date(WINDOW_BASE).toISOString(),
			ends_at: new Date(WINDOW_BASE + 3_600_000 + index * 60_000).toISOString(),
		});
		expect(response.status).toBe(201);
	}
	await fc.assert(
		fc.asyncProperty(fc.array(windowWrite, { minLength: 1, maxLength: 6 }), async (writes) => {
			for (const write of writes) {
				if (write.kind === "cycle") {
					expect((await send(INTERNAL_PATHS.runJobs, "POST")).status).toBeLessThan(500);
					continue;
				}
				const before = await readTables();
				const response =
					write.kind === "delete"
						? await send(maintenancePath(write.key), "DELETE")
						: await send(maintenancePath(write.key), "PUT", {
								title: "Fuzzed window",
								public_note: write.note,
								surface_ids: write.surfaceIds,
								starts_at: new Date(Date.now() + write.startMinutes * 60_000).toISOString(),
								ends_at: new Date(Date.now() + (write.startMinutes + write.minutes) * 60_000).toISOString(),
							});
				expect(response.status, `${write.kind} ${write.key}`).toBeLessThan(500);
				if (response.status >= 400) {
					expect(response.headers.get("Content-Type")).toBe("application/problem+json");
					expect(await readTables()).toEqual(before);
				}
				await response.body?.cancel();
			}
			const { results } = await fuzzEnv.DB.prepare(
				"SELECT count(*) AS open FROM status_maintenances WHERE status IN ('scheduled', 'in_progress') AND ends_at > ?",
			)
				.bind(new Date().toISOString())
				.all<{ open: number }>();
			expect(results[0]?.open).toBeLessThanOrEqual(MAX_OPEN_WINDOWS);
			const list = await (await send(PUBLIC_PATHS.maintenances, "GET")).json<{ maintenances: { status: string }[] }>();
			for (const status of ["in_progress", "scheduled", "completed", "cancelled"]) {
				expect(list.maintenances.filter((window) => window.status === status).length).toBeLessThanOrEqual(
					LISTED_WINDOWS_PER_STATUS,
				);
			}
			await expectInvariants();
		}),
		{ numRuns: runs(20, 500) },
	);
}, 600_000);

// --- Ticket times against the Worker's clock, and incident page cursors ---

const MINUTE_MS = 60_000;

/** A ticket time around the Worker's clock: behind it, within the skew, just past it, years ahead. */
const aroundClock = (nowMs: number) =>
	fc
		.oneof(
			fc.integer({ min: -24 * 60, max: 0 }).map((minutes) => nowMs + minutes * MINUTE_MS),
			fc.integer({ min: -2_000, max: 2_000 }).map((ms) => nowMs + MAX_CLOCK_SKEW_MS + ms),
			fc.integer({ min: 1, max: 70 * 365 * 24 * 60 }).map((minutes) => nowMs + minutes * MINUTE_MS),
		)
		.filter((ms) => ms < Date.UTC(2100, 0, 1))
		.map((ms) => new Date(ms).toISOString());

it("a ticket time past the clock by more than the skew, or created after its update, is 422 and writes nothing", async () => {
	const nowMs = Date.parse("2026-12-01T10:00:00Z");
	await clearTables();
	await fc.assert(
		fc.asyncProperty(
			aroundClock(nowMs),
			fc.option(aroundClock(nowMs), { nil: undefined }),
			async (updated, created) => {
				const body = JSON.stringify({
					event: "conversation.updated",
					ticket: {
						id: 9900,
						status: "open",
						updated_at: updated,
						...(created === undefined ? {} : { created_at: created }),
						custom_fields: [{ slug: "component_tag", value: "login" }],
					},
				});
				const before = await readTables();
				const response = await atTime(nowMs, async () =>
					createApp().fetch(
						new Request(`${BASE_URL}${INTERNAL_PATHS.freescoutWebhook}`, {
							method: "POST",
							headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await relaySignature(body) },
							body,
						}),
						fuzzEnv,
						createExecutionContext(),
					),
				);
				const ahead = [updated, created].some(
					(time) => time !== undefined && Date.parse(time) > nowMs + MAX_CLOCK_SKEW_MS,
				);
				const reversed = created !== undefined && Date.parse(created) > Date.parse(updated);
				if (ahead || reversed) {
					expect(response.status, `${updated} ${created}`).toBe(422);
					const problem = await response.json<Problem>();
					expect(problem.code).toBe(ahead ? "instant_in_future" : "created_after_updated");
					expect(await readTables()).toEqual(before);
				} else {
					expect(response.status, `${updated} ${created}`).toBe(200);
					await response.body?.cancel();
				}
			},
		),
		{ numRuns: runs(60, 1000) },
	);
}, 300_000);

it("incident page cursors: any `before` is answered below 500, a rejection is problem+json", async () => {
	const app = createApp();
	const cursor = fc.oneof(
		text,
		hostileInstant,
		fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
		fc.date({ noInvalidDate: true }).map((date) => date.toISOString().replace(".000", "")),
	);
	await fc.assert(
		fc.asyncProperty(
			cursor,
			fc.constantFrom(incidentPath("inc_00001"), incidentPagePath("inc_00001")),
			async (before, target) => {
				const response = await app.fetch(
					new Request(`${BASE_URL}${target}?before=${encodeURIComponent(before)}`),
					fuzzEnv,
					createExecutionContext(),
				);
				expect(response.status, before).toBeLessThan(500);
				if (response.status >= 400) expect(response.headers.get("Content-Type")).toBe("application/problem+json");
				await response.body?.cancel();
			},
		),
		{ numRuns: runs(100, 2000) },
	);
});

// --- Incidents past the list bound (helpdesk tickets create them without a cap) ---

it("any set of incidents: every public list carries at most MAX_LISTED_INCIDENTS, open ones first, the rest counted", async () => {
	const app = createApp();
	const nowMs = Date.now();
	const since = incidentsSince(new Date(nowMs));
	const day = 24 * 60;
	const incident = fc.record({
		openedMinutes: fc.integer({ min: -60 * day, max: 0 }),
		lastedMinutes: fc.option(fc.integer({ min: -2 * day, max: 40 * day }), { nil: null }),
	});
	const read = async <T>(path: string): Promise<T> => {
		forgetIsolateCopies();
		await invalidatePublicReads(fuzzEnv);
		const response = await app.fetch(new Request(`${BASE_URL}${path}`), fuzzEnv, createExecutionContext());
		expect(response.status, path).toBe(200);
		return response.json<T>();
	};
	await fc.assert(
		fc.asyncProperty(
			fc.array(incident, { maxLength: 2 * MAX_LISTED_INCIDENTS + 10 }),
			fc.integer({ min: 0, max: 4 }),
			async (incidents, sameMillisecond) => {
				await clearTables();
				// `sameMillisecond` of them share the first one's times: the bound must not depend on luck.
				const rows = incidents.map((row, index) => (index < sameMillisecond ? (incidents[0] ?? row) : row));
				if (rows.length > 0) {
					await fuzzEnv.DB.batch(
						rows.map((row, index) => {
							const opened = nowMs + row.openedMinutes * MINUTE_MS;
							const resolved = row.lastedMinutes === null ? null : opened + row.lastedMinutes * MINUTE_MS;
							return fuzzEnv.DB.prepare(
								"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, severity, freescout_ticket_id) VALUES ('charts', ?, ?, 'degraded', ?)",
							).bind(
								new Date(opened).toISOString(),
								resolved === null ? null : new Date(Math.min(resolved, nowMs)).toISOString(),
								1 + index,
							);
						}),
					);
				}
				const { results: recent } = await fuzzEnv.DB.prepare(
					"SELECT id, opened_at, resolved_at FROM status_incidents WHERE resolved_at IS NULL OR resolved_at >= ?1 OR opened_at >= ?1",
				)
					.bind(since)
					.all<{ id: number; opened_at: string; resolved_at: string | null }>();
				const open = recent.filter((row) => row.resolved_at === null);
				const list = await read<PublicIncidentsAnswer>(PUBLIC_PATHS.incidents);
				const listedOpen = list.incidents.filter((row) => row.resolved_at === null).length;
				expect(list.incidents.length).toBe(Math.min(MAX_LISTED_INCIDENTS, recent.length));
				expect(listedOpen).toBe(Math.min(MAX_LISTED_INCIDENTS, open.length));
				expect(list.unlisted).toEqual({
					open: open.length - listedOpen,
					resolved: recent.length - open.length - (list.incidents.length - listedOpen),
				});
				// Two reads of the same rows list the same incidents, in the same order.
				const again = await read<PublicIncidentsAnswer>(PUBLIC_PATHS.incidents);
				expect(again.incidents.map((row) => row.id)).toEqual(list.incidents.map((row) => row.id));
				for (const path of [
					ATLASSIAN_V2_PATHS.incidents,
					ATLASSIAN_V2_PATHS.unresolvedIncidents,
					ATLASSIAN_V2_PATHS.summary,
				]) {
					const v2 = await read<{ incidents: unknown[] }>(path);
					expect(v2.incidents.length, path).toBeLessThanOrEqual(MAX_LISTED_INCIDENTS);
				}
				const unresolved = await read<{ incidents: unknown[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents);
				expect(unresolved.incidents.length).toBe(listedOpen);
			},
		),
		{ numRuns: runs(8, 200) },
	);
	await clearTables();
}, 300_000);
