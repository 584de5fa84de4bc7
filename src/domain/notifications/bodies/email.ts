import { emailHtml, emailPlainText, emailSubject } from "../../../lib/escape";
import { plainTextLine } from "../../../lib/escape/plain-text";
import { capitalised, INCIDENT_STATUS_WORDS, STATE_WORDS } from "../../state-words";
import type { NotificationEvent, NotifiedSurface } from "../event";
import { fitted, within } from "./fit";
import { NAME_MAX, TITLE_MAX } from "./limits";
import type { SubscriberLinks } from "./links";
import {
	announcedPhase,
	type Fact,
	factsOf,
	hexColour,
	linkOf,
	noteOf,
	pageName,
	STATE_COLOURS,
	stateOfEvent,
	surfacesOf,
} from "./words";

// A self-service subscriber's email: a subject that says the state, a text/plain part readable in a
// text-only client, an HTML part (one self-contained, accessible document: inline styles, a single
// 600-pixel column, no image, script or remote resource), and RFC 8058's one-click unsubscribe
// headers. Every outside text is made text for its place (emailSubject, emailPlainText, emailHtml)
// and every list and text is bounded (limits.ts), so a message stays a few kilobytes whatever the
// event carries.

/** Where a message links besides its subject. */
export type EmailLinks = SubscriberLinks;

export interface RenderedEmail {
	subject: string;
	text: string;
	html: string;
	/** Email Service's whitelisted headers: List-Unsubscribe and List-Unsubscribe-Post. */
	headers: Record<string, string>;
}

/** A subject's length in UTF-16 code units: what an inbox shows of it, well within a header line. */
export const EMAIL_SUBJECT_MAX = 150;

/** The tag a subject starts with: what happened, in the page's words. */
function subjectTag(event: NotificationEvent): string {
	const subject = event.subject;
	if (subject === null) return "Test";
	if (subject.kind === "incident") return INCIDENT_STATUS_WORDS[subject.status];
	if (subject.kind === "surface") return capitalised(STATE_WORDS[subject.surface.state]);
	const phase = announcedPhase(event, subject);
	const words = { scheduled: "scheduled", in_progress: "started", completed: "completed", cancelled: "cancelled" };
	return `Maintenance ${phase === "updated" ? "updated" : words[phase]}`;
}

/** What a subject names after its tag: the incident's or window's title, the surface, the page. */
function subjectName(event: NotificationEvent): string {
	const subject = event.subject;
	if (subject === null) return `Test notification from ${pageName(event)}`;
	if (subject.kind === "surface") return within(subject.surface.name, NAME_MAX);
	return within(subject.title, TITLE_MAX);
}

/**
 * "[Resolved] Deposits: major outage": one line, bounded, nothing that could end the header; the
 * headline of both parts too.
 */
export const emailSubjectOf = (event: NotificationEvent): string =>
	fitted(
		emailSubject(`[${subjectTag(event)}] ${subjectName(event)}`)
			.replace(/\s+/g, " ")
			.trim(),
		EMAIL_SUBJECT_MAX,
		emailSubject,
	);

/** A link as a header carries it: no space, angle bracket or control character may end it early. */
function headerUrl(url: string): string {
	if (!/^https?:\/\/[!#-;=?-~]+$/.test(url)) {
		throw new Error("an unsubscribe link must be an absolute http(s) URL of printable characters");
	}
	return url;
}

/** RFC 8058: the link a mail client's "Unsubscribe" button POSTs `List-Unsubscribe=One-Click` to. */
export const oneClickHeaders = (unsubscribeUrl: string): Record<string, string> => ({
	"List-Unsubscribe": `<${headerUrl(unsubscribeUrl)}>`,
	"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
});

const surfaceLine = (surface: NotifiedSurface) => `${surface.name} (${STATE_WORDS[surface.state]})`;

/** The facts of the message without the surfaces, which get a list of their own. */
const factsBesideSurfaces = (event: NotificationEvent): Fact[] =>
	factsOf(event).filter((fact) => fact.label !== "Surfaces");

/** The page's name on one line, for the sentences that name it. */
const pageLine = (event: NotificationEvent) => plainTextLine(pageName(event)).replace(/\s+/g, " ").trim();

const FOOTER_REASON = (event: NotificationEvent) =>
	`You receive this email because you subscribed to updates from ${pageLine(event)}.`;

function plainText(event: NotificationEvent, links: EmailLinks, subject: string): string {
	const note = noteOf(event);
	const surfaces = surfacesOf(event);
	const link = linkOf(event);
	const lines = [
		subject,
		"",
		...(note === null || note.trim() === "" ? [] : [note, ""]),
		...factsBesideSurfaces(event).map((fact) => `${fact.label}: ${fact.value}`),
		...(surfaces.length === 0
			? []
			: ["", "Affected surfaces:", ...surfaces.map((surface) => `- ${surfaceLine(surface)}`)]),
		"",
		`${link.label}: ${link.url}`,
		"",
		"-- ",
		FOOTER_REASON(event),
		`Status page: ${links.pageUrl}`,
		`Manage your subscription: ${links.manageUrl}`,
		`Unsubscribe: ${links.unsubscribeUrl}`,
		"",
	];
	return emailPlainText(lines.join("\n"));
}

// The palette: every text colour at least 7:1 on its background (WCAG AAA), links underlined.
const COLOURS = {
	page: "#f3f4f6",
	card: "#ffffff",
	text: "#111827",
	muted: "#374151",
	link: "#1d4ed8",
	rule: "#d1d5db",
};
// A word wider than the column breaks anywhere rather than widening it (overflow-wrap on the card).
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Raw text as HTML, its line breaks kept. */
const html = (text: string) => emailHtml(text).replace(/\n/g, "<br>");
/** A link: its href and text both escaped. */
const anchor = (url: string, label: string) =>
	`<a href="${emailHtml(url)}" style="color:${COLOURS.link};text-decoration:underline">${emailHtml(label)}</a>`;

function factRows(facts: readonly Fact[]): string {
	return facts
		.map(
			(fact) =>
				`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600;color:${COLOURS.muted};white-space:nowrap">${html(fact.label)}</th>` +
				`<td style="vertical-align:top;padding:4px 0">${html(fact.value)}</td></tr>`,
		)
		.join("\n");
}

function htmlDocument(event: NotificationEvent, links: EmailLinks, subject: string): string {
	const note = noteOf(event);
	const surfaces = surfacesOf(event);
	const link = linkOf(event);
	const accent = hexColour(STATE_COLOURS[stateOfEvent(event)]);
	const noteBlock =
		note === null || note.trim() === ""
			? ""
			: `<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${html(note)}</p>\n`;
	const surfaceBlock =
		surfaces.length === 0
			? ""
			: `<h2 style="margin:24px 0 8px;font-size:16px;line-height:1.4">Affected surfaces</h2>\n<ul style="margin:0;padding:0 0 0 20px;line-height:1.5">\n${surfaces
					.map((surface) => `<li>${html(surfaceLine(surface))}</li>`)
					.join("\n")}\n</ul>\n`;
	return `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${emailHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${COLOURS.page};color:${COLOURS.text};font-family:${FONT}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${COLOURS.page}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:${COLOURS.card};border-top:6px solid ${accent};overflow-wrap:anywhere;word-break:break-word">
<tr><td style="padding:24px;font-family:${FONT};color:${COLOURS.text}">
<main>
<p style="margin:0 0 8px;font-size:14px;color:${COLOURS.muted}">${emailHtml(pageLine(event))}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${emailHtml(subject)}</h1>
${noteBlock}<h2 style="margin:24px 0 8px;font-size:16px;line-height:1.4">Details</h2>
<table cellpadding="0" cellspacing="0" border="0" style="font-size:15px;line-height:1.4;color:${COLOURS.text}">
${factRows(factsBesideSurfaces(event))}
</table>
${surfaceBlock}<p style="margin:24px 0 0;font-size:16px">${anchor(link.url, link.label)}</p>
</main>
</td></tr>
<tr><td style="padding:16px 24px 24px;border-top:1px solid ${COLOURS.rule};font-family:${FONT};font-size:13px;line-height:1.5;color:${COLOURS.muted}">
<footer>
<p style="margin:0 0 8px">${html(FOOTER_REASON(event))}</p>
<p style="margin:0">${anchor(links.pageUrl, "Status page")} · ${anchor(links.manageUrl, "Manage your subscription")} · ${anchor(links.unsubscribeUrl, "Unsubscribe")}</p>
</footer>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

/** The email a self-service subscriber is sent about `event`: the same bytes for the same event and links. */
export function renderEmail(event: NotificationEvent, links: EmailLinks): RenderedEmail {
	const subject = emailSubjectOf(event);
	return {
		subject,
		text: plainText(event, links, subject),
		html: htmlDocument(event, links, subject),
		headers: oneClickHeaders(links.unsubscribeUrl),
	};
}
