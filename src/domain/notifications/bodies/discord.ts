import { discordMarkdown } from "../../../lib/escape";
import { plainTextLine, withoutMentions } from "../../../lib/escape/plain-text";
import type { NotificationEvent } from "../event";
import { fitted } from "./fit";
import { factsOf, headline, linkOf, noteOf, pageName, STATE_COLOURS, stateOfEvent } from "./words";

// A Discord webhook body: one embed in the state's colour, titled with the headline and linked to
// the incident's (or window's, or the page's) page, the note as its description, the facts as
// fields, the page's name as its footer; `allowed_mentions: {parse: []}`, so that nothing in it
// notifies anyone. Every outside text goes through discordMarkdown (but the footer's, which Discord
// shows as plain text: one line, `@` defused, no backslashes) and is cut to Discord's limits:
// title 256, description 4,096, at most 25 fields (name 256, value 1,024), footer 2,048, and 6,000
// for all of an embed's text together.

export const DISCORD_LIMITS = {
	title: 256,
	description: 4096,
	fields: 25,
	fieldName: 256,
	fieldValue: 1024,
	footer: 2048,
	embedTotal: 6000,
} as const;

const markdown = (text: string, max: number) => fitted(text, max, discordMarkdown);
const footerText = (text: string) => withoutMentions(plainTextLine(text));

export function discordBody(event: NotificationEvent) {
	const note = noteOf(event);
	const description = note === null ? "" : markdown(note, DISCORD_LIMITS.description);
	const fields = factsOf(event)
		.slice(0, DISCORD_LIMITS.fields)
		.map(({ label, value }) => ({
			name: markdown(label, DISCORD_LIMITS.fieldName),
			value: markdown(value, DISCORD_LIMITS.fieldValue),
			inline: label !== "Surfaces",
		}));
	return {
		embeds: [
			{
				title: markdown(headline(event), DISCORD_LIMITS.title),
				...(description.trim() === "" ? {} : { description }),
				url: linkOf(event).url,
				color: STATE_COLOURS[stateOfEvent(event)],
				fields,
				footer: { text: fitted(pageName(event), DISCORD_LIMITS.footer, footerText) },
				timestamp: event.occurredAt,
			},
		],
		allowed_mentions: { parse: [] as string[] },
	};
}
