import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_SUBJECT_MAX, type EmailLinks, renderEmail } from "../../src/domain/notifications/bodies/email";
import { renderBody } from "../../src/domain/notifications/bodies/index";
import {
	GENERIC_BODY_MAX_BYTES,
	MAX_SURFACES,
	NAME_MAX,
	TITLE_MAX,
} from "../../src/domain/notifications/bodies/limits";
import type {
	IncidentSubject,
	MaintenanceSubject,
	NotificationEvent,
	NotifiedSurface,
	PageSubject,
} from "../../src/domain/notifications/event";
import { PUBLIC_NOTE_MAX_LENGTH } from "../../src/domain/vocabulary";

// The email a self-service subscriber gets: the same bytes as the committed golden files for every
// event type (test/fixtures/notification-bodies/email-*; STATUS_UPDATE_GOLDEN=1 rewrites them, to be
// read by eye before committing), and with the most hostile event a writer can make: markup escaped
// in the HTML, one bounded line in the subject, nothing but text in the plain part, a bounded size.

const page: PageSubject = { id: "raxx-status", name: "Raxx Status", url: "https://status.raxx.app/" };
const TOKEN = "q3Xv0nYl7mH2cS9pWk4rT6uJ8bE1aD5fG0hI2jK4lMn";
const links: EmailLinks = {
	pageUrl: "https://status.raxx.app/",
	manageUrl: `https://status.raxx.app/subscriptions/manage/${TOKEN}`,
	unsubscribeUrl: `https://status.raxx.app/subscriptions/unsubscribe/${TOKEN}`,
};

const deposits: NotifiedSurface = { id: "deposits", name: "Deposits", state: "DOWN" };
const incident: IncidentSubject = {
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
			body: "Deposits fail for some users.\nWe are looking into it.",
			at: "2026-12-03T08:00:00.000Z",
		},
	],
	surfaces: [deposits],
};
const maintenance: MaintenanceSubject = {
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
	url: "https://status.raxx.app/",
	surfaces: [
		{ id: "deposits", name: "Deposits", state: "OPERATIONAL" },
		{ id: "withdrawals", name: "Withdrawals", state: "OPERATIONAL" },
	],
};

const event = (
	type: NotificationEvent["type"],
	subject: NotificationEvent["subject"],
	occurredAt: string,
): NotificationEvent => ({ id: `evt_${type.replace(".", "_")}`, type, occurredAt, sequence: 3, page, subject });

const resolvedUpdate = {
	id: "upd_00042_20261203T091500000Z",
	status: "resolved" as const,
	severity: "down" as const,
	body: "Deposits work again & every delayed one is credited.",
	at: "2026-12-03T09:15:00.000Z",
};

/** One event of every type, by golden file name, with the subject each must have. */
const EVENTS: Record<string, { event: NotificationEvent; subject: string }> = {
	"incident.created": {
		event: event("incident.created", incident, "2026-12-03T08:00:01.000Z"),
		subject: "[Investigating] Deposits: major outage",
	},
	"incident.updated": {
		event: event(
			"incident.updated",
			{
				...incident,
				status: "identified",
				severity: "partial",
				title: "Deposits: partial outage",
				updates: [{ ...resolvedUpdate, status: "identified", severity: "partial", body: "A bank's API fails." }],
				surfaces: [{ ...deposits, state: "PARTIAL" }],
			},
			"2026-12-03T08:30:01.000Z",
		),
		subject: "[Identified] Deposits: partial outage",
	},
	"incident.resolved": {
		event: event(
			"incident.resolved",
			{
				...incident,
				status: "resolved",
				resolvedAt: "2026-12-03T09:15:00.000Z",
				updates: [resolvedUpdate],
				surfaces: [{ ...deposits, state: "OPERATIONAL" }],
			},
			"2026-12-03T09:15:01.000Z",
		),
		subject: "[Resolved] Deposits: major outage",
	},
	"maintenance.scheduled": {
		event: event("maintenance.scheduled", maintenance, "2026-12-03T07:00:01.000Z"),
		subject: "[Maintenance scheduled] Database upgrade",
	},
	"maintenance.updated": {
		event: event(
			"maintenance.updated",
			{ ...maintenance, endsAt: "2026-12-06T04:00:00.000Z" },
			"2026-12-04T07:00:01.000Z",
		),
		subject: "[Maintenance updated] Database upgrade",
	},
	"maintenance.started": {
		event: event(
			"maintenance.started",
			{
				...maintenance,
				status: "in_progress",
				startedAt: "2026-12-06T02:00:00.000Z",
				surfaces: maintenance.surfaces.map((surface) => ({ ...surface, state: "MAINTENANCE" as const })),
			},
			"2026-12-06T02:00:01.000Z",
		),
		subject: "[Maintenance started] Database upgrade",
	},
	"maintenance.completed": {
		event: event(
			"maintenance.completed",
			{
				...maintenance,
				status: "completed",
				startedAt: "2026-12-06T02:00:00.000Z",
				endedAt: "2026-12-06T02:40:00.000Z",
			},
			"2026-12-06T02:40:01.000Z",
		),
		subject: "[Maintenance completed] Database upgrade",
	},
	"maintenance.cancelled": {
		event: event(
			"maintenance.cancelled",
			{ ...maintenance, status: "cancelled", publicNote: null, endedAt: "2026-12-04T10:00:00.000Z" },
			"2026-12-04T10:00:01.000Z",
		),
		subject: "[Maintenance cancelled] Database upgrade",
	},
	"surface.state_changed": {
		event: event(
			"surface.state_changed",
			{
				kind: "surface",
				surface: { id: "login", name: "Login", state: "DOWN", publicNote: null, since: "2026-12-03T10:00:00.000Z" },
				previousState: "OPERATIONAL",
			},
			"2026-12-03T10:00:01.000Z",
		),
		subject: "[Major outage] Login",
	},
	test: {
		event: event("test", null, "2026-12-03T11:00:00.000Z"),
		subject: "[Test] Test notification from Raxx Status",
	},
};

const golden = (name: string) => join(import.meta.dirname, "..", "fixtures", "notification-bodies", name);

/** The committed file, or (STATUS_UPDATE_GOLDEN=1) the rendering written as the new one. */
function committed(name: string, rendered: string): string {
	if (process.env.STATUS_UPDATE_GOLDEN === "1" || !existsSync(golden(name))) {
		if (process.env.STATUS_UPDATE_GOLDEN !== "1") throw new Error(`no golden file ${name}`);
		writeFileSync(golden(name), rendered);
	}
	return readFileSync(golden(name), "utf8");
}

describe("notification emails: golden files", () => {
	for (const [name, { event: each, subject }] of Object.entries(EVENTS)) {
		it(`${name}: the subject says the state, and both parts are the committed ones`, () => {
			const email = renderEmail(each, links);
			expect(email.subject).toBe(subject);
			expect(email.text).toBe(committed(`email-${name}.txt`, email.text));
			expect(email.html).toBe(committed(`email-${name}.html`, email.html));
			expect(renderEmail(structuredClone(each), links)).toEqual(email);
		});
	}

	it("every message carries RFC 8058's one-click unsubscribe headers, and both links in both parts", () => {
		for (const { event: each } of Object.values(EVENTS)) {
			const email = renderEmail(each, links);
			expect(email.headers).toEqual({
				"List-Unsubscribe": `<${links.unsubscribeUrl}>`,
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			});
			for (const url of [links.manageUrl, links.unsubscribeUrl, links.pageUrl]) {
				expect(email.text).toContain(url);
				expect(email.html).toContain(`href="${url}"`);
			}
		}
	});

	it("refuses an unsubscribe link that could end the header early", () => {
		for (const unsubscribeUrl of [
			"https://status.raxx.app/x>\r\nBcc: a@b.c",
			"https://status.raxx.app/a b",
			"javascript:alert(1)",
			"/subscriptions/unsubscribe/x",
		]) {
			expect(() => renderEmail(EVENTS.test?.event as NotificationEvent, { ...links, unsubscribeUrl })).toThrow(
				/absolute http/,
			);
		}
	});
});

// The most hostile text a writer can store: markup that would run, break out of an attribute, or
// start a header; line breaks and controls; bidirectional overrides; astral characters.
const HOSTILE = `<script>alert(1)</script>"><img src=x onerror=alert(1)>&amp;\r\nBcc: victim@example.com\n\u202E\u0000 𝕏😀 <a href="https://evil">x</a> `;
const hostile = (characters: number, shift = 0) => {
	const pieces = Array.from(HOSTILE.repeat(Math.ceil((characters + shift) / 40) + 1));
	return pieces.slice(shift, shift + characters).join("");
};
const manySurfaces = (count: number): NotifiedSurface[] =>
	Array.from({ length: count }, (_, index) => ({
		id: `surface-${index}`,
		name: hostile(NAME_MAX, index),
		state: (["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE", "UNKNOWN", "OPERATIONAL"] as const)[index % 6] ?? "DOWN",
	}));
const hostilePage: PageSubject = { ...page, name: hostile(NAME_MAX, 7) };

const HOSTILE_EVENTS: Record<string, NotificationEvent> = {
	incident: event(
		"incident.updated",
		{
			...incident,
			title: hostile(TITLE_MAX, 3),
			updates: Array.from({ length: 40 }, (_, index) => ({
				...resolvedUpdate,
				status: "monitoring" as const,
				body: hostile(PUBLIC_NOTE_MAX_LENGTH, index),
			})),
			surfaces: manySurfaces(60),
		},
		"2026-12-03T08:00:01.000Z",
	),
	maintenance: event(
		"maintenance.cancelled",
		{
			...maintenance,
			title: hostile(TITLE_MAX, 5),
			publicNote: hostile(PUBLIC_NOTE_MAX_LENGTH, 9),
			status: "cancelled",
			startedAt: "2026-12-06T02:00:00.000Z",
			endedAt: "2026-12-06T02:30:00.000Z",
			surfaces: manySurfaces(60),
		},
		"2026-12-06T02:30:01.000Z",
	),
	surface: event(
		"surface.state_changed",
		{
			kind: "surface",
			surface: {
				id: "login",
				name: hostile(NAME_MAX, 11),
				state: "DOWN",
				publicNote: hostile(PUBLIC_NOTE_MAX_LENGTH, 13),
				since: "2026-12-03T10:00:00.000Z",
			},
			previousState: null,
		},
		"2026-12-03T10:00:01.000Z",
	),
	test: event("test", null, "2026-12-03T11:00:00.000Z"),
};
for (const each of Object.values(HOSTILE_EVENTS)) each.page = hostilePage;

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** The HTML's text between tags, and every tag: what a parser would make of it. */
const tagsOf = (html: string) => Array.from(html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g), (match) => match[1]);
const ALLOWED_TAGS = new Set([
	"html",
	"head",
	"meta",
	"title",
	"body",
	"table",
	"tr",
	"td",
	"th",
	"main",
	"footer",
	"p",
	"h1",
	"h2",
	"ul",
	"li",
	"a",
	"br",
]);

describe("notification emails: the most hostile events", () => {
	for (const [name, each] of Object.entries(HOSTILE_EVENTS)) {
		it(`${name}: the subject is one bounded line, nothing in it can start another header`, () => {
			const { subject } = renderEmail(each, links);
			expect(subject.length).toBeLessThanOrEqual(EMAIL_SUBJECT_MAX);
			expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
			expect(subject.isWellFormed()).toBe(true);
			expect(subject).toMatch(/^\[[A-Z][a-z ]+\] /);
		});

		it(`${name}: the HTML holds only its own elements, every outside text escaped, no remote resource`, () => {
			const { html } = renderEmail(each, links);
			expect(html.startsWith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')).toBe(true);
			expect(tagsOf(html).filter((tag) => tag === undefined || !ALLOWED_TAGS.has(tag))).toEqual([]);
			expect(html).not.toMatch(/[\u0000\u202a-\u202e\u2066-\u2069]/);
			// Inside the tags, only the message's own attributes: no handler, source or stylesheet.
			const attributes = Array.from((html.match(/<[^>]*>/g) ?? []).join(" ").matchAll(/\s([a-z-]+)="/g), (m) => m[1]);
			expect(new Set(attributes)).toEqual(
				new Set([
					"lang",
					"dir",
					"charset",
					"name",
					"content",
					"style",
					"role",
					"width",
					"cellpadding",
					"cellspacing",
					"border",
					"align",
					"scope",
					"href",
				]),
			);
			// Every link is one of the message's own.
			const hrefs = Array.from(html.matchAll(/href="([^"]*)"/g), (match) => match[1]);
			expect(new Set(hrefs)).toEqual(
				new Set([links.pageUrl, links.manageUrl, links.unsubscribeUrl, linkOfSubject(each)]),
			);
			// Nothing unescaped between the tags: no stray quote, bracket or bare ampersand.
			const texts = html.replace(/<[^>]*>/g, "\n").split("\n");
			for (const text of texts) expect(text).not.toMatch(/[<>"]|&(?!amp;|lt;|gt;|quot;|#39;)/);
			expect(bytes(html)).toBeLessThan(64 * 1024);
		});

		it(`${name}: the plain text is text alone, bounded, with its links`, () => {
			const { text } = renderEmail(each, links);
			expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\r]/);
			expect(text.isWellFormed()).toBe(true);
			expect(text).toContain(`Unsubscribe: ${links.unsubscribeUrl}`);
			expect(text).toContain(`Manage your subscription: ${links.manageUrl}`);
			expect(bytes(text)).toBeLessThan(32 * 1024);
			const surfaceLines = text.split("\n").filter((line) => line.startsWith("- "));
			expect(surfaceLines.length).toBeLessThanOrEqual(MAX_SURFACES);
		});
	}

	it("the hostile surface change is a committed file too: the browser test reads it (test/browser/email.test.ts)", () => {
		const long = "Averyveryverylongwordwithnohyphenthatnonarrowcolumncanholdonitsownline";
		const each = structuredClone(HOSTILE_EVENTS.surface) as NotificationEvent;
		if (each.subject?.kind !== "surface") throw new Error("not a surface event");
		each.subject.surface.publicNote = `${hostile(120, 13)} ${long}`;
		const { html } = renderEmail(each, links);
		expect(html).toBe(committed("email-hostile.html", html));
	});

	it("a self-service webhook's generic body, links included, stays under its 20 KB at its largest", () => {
		const astral = (characters: number) => "😀".repeat(characters);
		const largest = structuredClone(HOSTILE_EVENTS.incident) as NotificationEvent;
		if (largest.subject?.kind !== "incident") throw new Error("not an incident");
		largest.page.name = astral(NAME_MAX);
		largest.subject.title = astral(TITLE_MAX);
		largest.subject.surfaces = largest.subject.surfaces.map((surface) => ({ ...surface, name: astral(NAME_MAX) }));
		largest.subject.updates = largest.subject.updates.map((update) => ({
			...update,
			body: astral(PUBLIC_NOTE_MAX_LENGTH),
		}));
		const body = renderBody("webhook", largest, links);
		expect(JSON.parse(body).subscription).toEqual({
			manage_url: links.manageUrl,
			unsubscribe_url: links.unsubscribeUrl,
		});
		expect(bytes(body)).toBeLessThanOrEqual(GENERIC_BODY_MAX_BYTES);
	});

	it("a whole message, both parts and headers, is far under Email Service's 5 MiB", () => {
		for (const each of Object.values(HOSTILE_EVENTS)) {
			const { subject, text, html, headers } = renderEmail(each, links);
			const total = bytes(subject) + bytes(text) + bytes(html) + bytes(JSON.stringify(headers));
			expect(total).toBeLessThan(100 * 1024);
		}
	});
});

function linkOfSubject(each: NotificationEvent): string {
	return each.subject?.kind === "incident" || each.subject?.kind === "maintenance" ? each.subject.url : each.page.url;
}
