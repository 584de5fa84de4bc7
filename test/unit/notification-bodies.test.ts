import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS } from "../../src/domain/notifications/bodies/discord";
import { fitted, within } from "../../src/domain/notifications/bodies/fit";
import { renderBody } from "../../src/domain/notifications/bodies/index";
import {
	GENERIC_BODY_MAX_BYTES,
	MAX_SURFACES,
	MAX_UPDATES,
	NOTE_MAX,
	TITLE_MAX,
} from "../../src/domain/notifications/bodies/limits";
import { SLACK_LIMITS } from "../../src/domain/notifications/bodies/slack";
import { TEAMS_LIMITS } from "../../src/domain/notifications/bodies/teams";
import type {
	IncidentSubject,
	IncidentUpdate,
	MaintenanceSubject,
	NotificationEvent,
	NotifiedSurface,
	PageSubject,
} from "../../src/domain/notifications/event";
import { SUBSCRIBER_KINDS } from "../../src/domain/notifications/subscriber-url";
import { PUBLIC_NOTE_MAX_LENGTH } from "../../src/domain/vocabulary";
import { discordMarkdown, slackMrkdwn, statuspageText, teamsTextBlock } from "../../src/lib/escape";
import { runs } from "./support/runs";

// Every subscriber kind's body: the same bytes as the committed golden files for a representative
// set of events, and each platform's limits and escaping held with the most hostile event a writer
// can make (notes and titles at their limits, full of markup, mentions and astral characters).

const page: PageSubject = { id: "raxx-status", name: "Raxx Status", url: "https://status.raxx.app/" };

const deposits: NotifiedSurface = { id: "deposits", name: "Deposits", state: "DOWN" };
const incidentBase: IncidentSubject = {
	kind: "incident",
	id: "inc_00042",
	title: "Deposits: major outage",
	status: "investigating",
	severity: "down",
	openedAt: "2026-12-03T08:00:00.000Z",
	resolvedAt: null,
	url: "https://status.raxx.app/incidents/inc_00042",
	updates: [
		{
			id: "upd_00042_20261203T080000000Z",
			status: "investigating",
			severity: "down",
			body: "Deposits fail for some users. We are looking into it.",
			at: "2026-12-03T08:00:00.000Z",
		},
	],
	surfaces: [deposits],
};

const resolvedUpdates: IncidentUpdate[] = [
	{
		id: "upd_00042_20261203T091500000Z",
		status: "resolved",
		severity: "down",
		body: "Deposits work again & every delayed one is credited.",
		at: "2026-12-03T09:15:00.000Z",
	},
	{
		id: "upd_00042_20261203T084500000Z",
		status: "monitoring",
		severity: "partial",
		body: null,
		at: "2026-12-03T08:45:00.000Z",
	},
	...incidentBase.updates,
];

const windowBase: MaintenanceSubject = {
	kind: "maintenance",
	id: "mnt_00007",
	title: "Database upgrade",
	publicNote: "Trading stays open; deposits pause for up to 30 minutes.",
	status: "scheduled",
	startsAt: "2026-12-06T02:00:00.000Z",
	endsAt: "2026-12-06T03:00:00.000Z",
	startedAt: null,
	endedAt: null,
	createdAt: "2026-12-03T07:00:00.000Z",
	url: "https://status.raxx.app/maintenances",
	surfaces: [
		{ id: "deposits", name: "Deposits", state: "OPERATIONAL" },
		{ id: "withdrawals", name: "Withdrawals", state: "OPERATIONAL" },
	],
};

const event = (type: NotificationEvent["type"], subject: NotificationEvent["subject"], occurredAt: string) => ({
	id: `evt_${type.replace(".", "_")}`,
	type,
	occurredAt,
	sequence: 3,
	page,
	subject,
});

/** The events of the golden files, by file name. */
const EVENTS: Record<string, NotificationEvent> = {
	"incident.created": event("incident.created", incidentBase, "2026-12-03T08:00:01.000Z"),
	"incident.resolved": event(
		"incident.resolved",
		{
			...incidentBase,
			status: "resolved",
			resolvedAt: "2026-12-03T09:15:00.000Z",
			updates: resolvedUpdates,
			surfaces: [{ ...deposits, state: "OPERATIONAL" }],
		},
		"2026-12-03T09:15:01.000Z",
	),
	"maintenance.scheduled": event("maintenance.scheduled", windowBase, "2026-12-03T07:00:01.000Z"),
	// Without createdAt: the schedule is dated at the event.
	"maintenance.cancelled": event(
		"maintenance.cancelled",
		{ ...windowBase, createdAt: undefined, status: "cancelled", endedAt: "2026-12-04T10:00:00.000Z" },
		"2026-12-04T10:00:01.000Z",
	),
	"surface.state_changed": event(
		"surface.state_changed",
		{
			kind: "surface",
			surface: {
				id: "plaid",
				name: "Plaid",
				state: "DEGRADED",
				publicNote: "Bank linking is slow.",
				since: "2026-12-03T10:00:00.000Z",
			},
			previousState: "OPERATIONAL",
		},
		"2026-12-03T10:00:01.000Z",
	),
	test: event("test", null, "2026-12-03T11:00:00.000Z"),
};

const pretty = (body: string) => `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
const goldenPath = (kind: string, name: string) =>
	join(import.meta.dirname, "..", "fixtures", "notification-bodies", kind, `${name}.json`);

describe("notification bodies: golden files", () => {
	for (const kind of SUBSCRIBER_KINDS) {
		for (const [name, each] of Object.entries(EVENTS)) {
			it(`${kind} ${name} is the committed body`, () => {
				expect(pretty(renderBody(kind, each))).toBe(readFileSync(goldenPath(kind, name), "utf8"));
			});
		}
	}

	it("renders the same bytes each time, and the webhook kind is the generic body", () => {
		for (const each of Object.values(EVENTS)) {
			expect(renderBody("slack", each)).toBe(renderBody("slack", structuredClone(each)));
			expect(JSON.parse(renderBody("webhook", each))).toMatchObject({ version: "1", type: each.type });
		}
	});
});

// The most hostile text a writer can store: markup, mentions, links, emphasis, and astral
// characters (two UTF-16 units each) so that every cut point can fall inside a surrogate pair.
const HOSTILE = "&<>@everyone <!channel> [x](https://evil) *_~ 𝕏😀 <@U123> `code` {{DATE(x)}} ";
const hostile = (characters: number, shift = 0) => {
	const pieces = Array.from(HOSTILE.repeat(Math.ceil((characters + shift) / 40) + 1));
	return pieces.slice(shift, shift + characters).join("");
};

const manySurfaces = (count: number): NotifiedSurface[] =>
	Array.from({ length: count }, (_, index) => ({
		id: `surface-${index}`,
		name: hostile(80, index),
		state: (["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE", "UNKNOWN", "OPERATIONAL"] as const)[index % 6] ?? "DOWN",
	}));

const manyUpdates = (count: number): IncidentUpdate[] =>
	Array.from({ length: count }, (_, index) => ({
		id: `upd_00042_${index}`,
		status: (["investigating", "identified", "monitoring"] as const)[index % 3] ?? "identified",
		severity: (["down", "partial", "degraded"] as const)[index % 3] ?? "down",
		body: hostile(PUBLIC_NOTE_MAX_LENGTH, index),
		at: new Date(Date.UTC(2026, 11, 3, 8, 0, 0) - index * 60_000).toISOString(),
	}));

const hostilePage: PageSubject = { ...page, name: hostile(80, 7) };

/** The largest events a writer can cause, for every subject. */
const HOSTILE_EVENTS: Record<string, NotificationEvent> = {
	incident: {
		...EVENTS["incident.created"],
		page: hostilePage,
		subject: {
			...incidentBase,
			title: hostile(TITLE_MAX, 3),
			updates: manyUpdates(40),
			surfaces: manySurfaces(60),
		},
	} as NotificationEvent,
	maintenance: {
		...EVENTS["maintenance.scheduled"],
		page: hostilePage,
		subject: {
			...windowBase,
			title: hostile(TITLE_MAX, 5),
			publicNote: hostile(PUBLIC_NOTE_MAX_LENGTH, 9),
			status: "cancelled",
			startedAt: "2026-12-06T02:00:00.000Z",
			endedAt: "2026-12-06T02:30:00.000Z",
			surfaces: manySurfaces(60),
		},
	} as NotificationEvent,
	surface: {
		...EVENTS["surface.state_changed"],
		page: hostilePage,
		subject: {
			kind: "surface",
			surface: {
				id: "plaid",
				name: hostile(80, 11),
				state: "DOWN",
				publicNote: hostile(280, 13),
				since: "2026-12-03T10:00:00.000Z",
			},
			previousState: null,
		},
	} as NotificationEvent,
	test: { ...EVENTS.test, page: hostilePage } as NotificationEvent,
};

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Every string anywhere in a parsed body. */
function stringsOf(value: unknown): string[] {
	if (typeof value === "string") return [value];
	if (Array.isArray(value)) return value.flatMap(stringsOf);
	if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsOf);
	return [];
}

/** Every object anywhere in a parsed body that matches. */
function objectsOf(value: unknown, match: (object: Record<string, unknown>) => boolean): Record<string, unknown>[] {
	if (Array.isArray(value)) return value.flatMap((each) => objectsOf(each, match));
	if (value === null || typeof value !== "object") return [];
	const object = value as Record<string, unknown>;
	return [...(match(object) ? [object] : []), ...Object.values(object).flatMap((each) => objectsOf(each, match))];
}

const render = (kind: (typeof SUBSCRIBER_KINDS)[number], each: NotificationEvent) => {
	const body = renderBody(kind, each);
	// JSON.parse throws on anything that is not JSON.
	const parsed = JSON.parse(body) as Record<string, unknown>;
	for (const text of stringsOf(parsed)) expect(text.isWellFormed(), text).toBe(true);
	return { body, parsed };
};

const MENTION = /@(everyone|here|channel|U123)/;

describe("notification bodies: limits and escaping with the most hostile events", () => {
	for (const [name, each] of Object.entries(HOSTILE_EVENTS)) {
		it(`generic ${name}: under 20 KB, a dot-delimited type, lists capped`, () => {
			const { body, parsed } = render("webhook", each);
			expect(bytes(body)).toBeLessThanOrEqual(GENERIC_BODY_MAX_BYTES);
			expect(parsed.type).toMatch(/^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)*$/);
			for (const list of objectsOf(parsed, (object) => Array.isArray(object.surfaces))) {
				expect((list.surfaces as unknown[]).length).toBeLessThanOrEqual(MAX_SURFACES);
			}
			const data = parsed.data as Record<string, Record<string, unknown>>;
			if (data.incident) {
				expect(Array.from(data.incident.title as string).length).toBeLessThanOrEqual(TITLE_MAX);
				const latest = data.incident.latest_update as Record<string, string>;
				expect(Array.from(latest.body ?? "").length).toBeLessThanOrEqual(NOTE_MAX);
			}
		});

		it(`statuspage ${name}: no type field, HTML-escaped text, history and components capped`, () => {
			const { body, parsed } = render("statuspage", each);
			expect(bytes(body)).toBeLessThan(64 * 1024);
			expect(parsed).not.toHaveProperty("type");
			expect(Object.keys(parsed.meta as object)).toEqual(["unsubscribe", "documentation", "generated_at"]);
			expect(Object.keys(parsed.page as object)).toEqual(["id", "status_indicator", "status_description"]);
			for (const text of stringsOf(parsed)) expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|#39;)/);
			const incident = parsed.incident as Record<string, unknown[]> | undefined;
			if (incident) {
				expect(incident.incident_updates?.length).toBeLessThanOrEqual(MAX_UPDATES);
				expect(incident.components?.length).toBeLessThanOrEqual(MAX_SURFACES);
			}
		});

		it(`slack ${name}: within every Slack limit, mrkdwn escaped, no mention`, () => {
			const { body, parsed } = render("slack", each);
			expect(bytes(body)).toBeLessThan(13_000);
			const attachments = parsed.attachments as { color: string; blocks: unknown[] }[];
			const blocks = [...(parsed.blocks as unknown[]), ...attachments.flatMap((attachment) => attachment.blocks)];
			expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
			for (const attachment of attachments) expect(attachment.color).toMatch(/^#[0-9a-f]{6}$/);
			const headers = objectsOf(blocks, (object) => object.type === "header");
			expect(headers).toHaveLength(1);
			for (const header of headers) {
				const text = header.text as { type: string; text: string };
				expect(text.type).toBe("plain_text");
				expect(text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
			}
			for (const section of objectsOf(blocks, (object) => object.type === "section")) {
				const text = section.text as { text: string } | undefined;
				expect((text?.text ?? "").length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
				const fields = (section.fields ?? []) as { text: string }[];
				expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
				for (const field of fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
			}
			const mrkdwn = [
				parsed.text as string,
				...objectsOf(parsed, (object) => object.type === "mrkdwn").map((object) => object.text as string),
			];
			expect(mrkdwn.length).toBeGreaterThan(3);
			for (const text of mrkdwn) {
				expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
				expect(text).not.toContain("<!channel>");
				expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
				expect(text).not.toMatch(MENTION);
			}
		});

		it(`discord ${name}: within every embed limit, markdown escaped, mentions parse nothing`, () => {
			const { parsed } = render("discord", each);
			expect(parsed.allowed_mentions).toEqual({ parse: [] });
			const embeds = parsed.embeds as {
				title: string;
				description?: string;
				fields: { name: string; value: string }[];
				footer: { text: string };
				color: number;
			}[];
			expect(embeds).toHaveLength(1);
			for (const embed of embeds) {
				expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
				expect((embed.description ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
				expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
				for (const field of embed.fields) {
					expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
					expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
					expect(field.value.length).toBeGreaterThan(0);
				}
				expect(embed.footer.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
				const texts = [
					embed.title,
					embed.description ?? "",
					embed.footer.text,
					...embed.fields.flatMap((f) => [f.name, f.value]),
				];
				expect(texts.join("").length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
				for (const text of texts) expect(text).not.toMatch(MENTION);
				// Every markdown character stands escaped: no link, mention or emphasis from the text. The
				// footer is shown as plain text, on one line.
				for (const text of texts.filter((text) => text !== embed.footer.text)) {
					expect(text).not.toMatch(/(^|[^\\])[[\]()<>*_~`]/);
				}
				expect(embed.footer.text).not.toMatch(/[\n\\]/);
				expect(embed.color).toBeGreaterThanOrEqual(0);
			}
		});

		it(`teams ${name}: an Adaptive Card 1.4 under 28 KB, markdown escaped`, () => {
			const { body, parsed } = render("teams", each);
			expect(bytes(body)).toBeLessThanOrEqual(TEAMS_LIMITS.bodyBytes);
			expect(parsed.type).toBe("message");
			const [attachment] = parsed.attachments as {
				contentType: string;
				contentUrl: null;
				content: Record<string, unknown>;
			}[];
			expect(attachment?.contentType).toBe("application/vnd.microsoft.card.adaptive");
			expect(attachment?.contentUrl).toBeNull();
			expect(attachment?.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
			const texts = [
				...objectsOf(attachment?.content, (object) => object.type === "TextBlock").map((block) => block.text as string),
				...objectsOf(attachment?.content, (object) => "title" in object && "value" in object).map(
					(fact) => fact.value as string,
				),
			];
			for (const text of texts) expect(text).not.toMatch(/(^|[^\\])[[\]()<>*_~`{}]/);
			expect(objectsOf(attachment?.content, (object) => object.type === "Action.OpenUrl")).toHaveLength(1);
		});
	}

	it("generic: the largest body in bytes (every text at its limit in 4-byte characters) is under 20 KB", () => {
		const astral = (characters: number) => "😀".repeat(characters);
		const surfaces = manySurfaces(60).map((surface) => ({ ...surface, name: astral(80) }));
		const updates = manyUpdates(40).map((update) => ({ ...update, body: astral(PUBLIC_NOTE_MAX_LENGTH) }));
		const largest: NotificationEvent[] = [
			{
				...HOSTILE_EVENTS.incident,
				page: { ...page, name: astral(80) },
				subject: { ...incidentBase, title: astral(TITLE_MAX), updates, surfaces },
			} as NotificationEvent,
			{
				...HOSTILE_EVENTS.maintenance,
				page: { ...page, name: astral(80) },
				subject: { ...windowBase, title: astral(TITLE_MAX), publicNote: astral(PUBLIC_NOTE_MAX_LENGTH), surfaces },
			} as NotificationEvent,
		];
		for (const each of largest) {
			const { body, parsed } = render("webhook", each);
			expect(bytes(body)).toBeLessThanOrEqual(GENERIC_BODY_MAX_BYTES);
			const data = parsed.data as Record<string, { surfaces: unknown[] } | undefined>;
			expect((data.incident ?? data.maintenance)?.surfaces).toHaveLength(MAX_SURFACES);
		}
	});

	it("names the first surfaces and newest updates only, and cuts what is over with an ellipsis", () => {
		const incident = HOSTILE_EVENTS.incident as NotificationEvent;
		const generic = JSON.parse(renderBody("webhook", incident));
		expect(generic.data.incident.surfaces.map((surface: { id: string }) => surface.id)).toEqual(
			Array.from({ length: MAX_SURFACES }, (_, index) => `surface-${index}`),
		);
		const statuspage = JSON.parse(renderBody("statuspage", incident));
		expect(statuspage.incident.incident_updates.map((update: { id: string }) => update.id)).toEqual(
			Array.from({ length: MAX_UPDATES }, (_, index) => `upd_00042_${index}`),
		);
		const slack = JSON.parse(renderBody("slack", incident));
		const slackSurfaces = slack.attachments[0].blocks[0].fields.at(-1).text;
		expect(slackSurfaces).toMatch(/^\*Surfaces\*\n/);
		expect(slackSurfaces).toMatch(/…$/);
		const discord = JSON.parse(renderBody("discord", incident));
		expect(discord.embeds[0].fields.at(-1)).toMatchObject({ name: "Surfaces", value: expect.stringMatching(/…$/) });
	});
});

describe("the cutter", () => {
	it("leaves text within the limit as escaped, whole", () => {
		expect(fitted("a & b", 9, slackMrkdwn)).toBe("a &amp; b");
	});

	it("never cuts inside an escape sequence or a surrogate pair, and ends a cut with an ellipsis", () => {
		// "&amp;" is 5 units: a limit of 8 holds one and the ellipsis, not a piece of the second.
		expect(fitted("&&&&", 8, slackMrkdwn)).toBe("&amp;…");
		// "😀" is two UTF-16 units: a limit of 4 holds one, the ellipsis, and not half of the next.
		expect(fitted("😀😀😀", 4)).toBe("😀…");
		expect(fitted("😀😀😀", 2)).toBe("…");
		// An emoji of several code points (5 units: woman, joiner, laptop) stays whole.
		expect(fitted("👩‍💻👩‍💻", 6)).toBe("👩‍💻…");
		expect(fitted("👩‍💻👩‍💻", 5)).toBe("…");
		for (let max = 1; max < 60; max += 1) {
			const cut = fitted(HOSTILE, max, slackMrkdwn);
			expect(cut.length).toBeLessThanOrEqual(max);
			expect(cut.isWellFormed()).toBe(true);
			expect(cut).not.toMatch(/&(?!amp;|lt;|gt;)/);
		}
	});

	it("for any text and limit, writes the escaped text or an escaped prefix and an ellipsis, within the limit", () => {
		const text = fc.string({
			unit: fc.oneof(
				fc.constantFrom("&", "<", ">", "@", "[", "\\", "😀", "👩‍💻", "é", "\r\n", "\uD800", " "),
				fc.string({ unit: "binary", maxLength: 2 }),
			),
			maxLength: 40,
		});
		const escapers = fc.constantFrom(slackMrkdwn, discordMarkdown, teamsTextBlock, statuspageText);
		fc.assert(
			fc.property(text, fc.integer({ min: 1, max: 120 }), escapers, (raw, max, escaper) => {
				const whole = escaper(raw);
				const cut = fitted(raw, max, escaper);
				expect(cut.length).toBeLessThanOrEqual(max);
				expect(cut.isWellFormed()).toBe(true);
				if (whole.length <= max) expect(cut).toBe(whole);
				else expect(cut === "" || (cut.endsWith("…") && whole.startsWith(cut.slice(0, -1)))).toBe(true);
			}),
			{ numRuns: runs(500, 20_000) },
		);
	});

	it("counts a writer's limit in characters, as the writers' own rule does", () => {
		const astral = "😀".repeat(PUBLIC_NOTE_MAX_LENGTH);
		expect(within(astral, NOTE_MAX)).toBe(astral);
		expect(Array.from(within(`${astral}x`, NOTE_MAX))).toHaveLength(NOTE_MAX);
	});
});
