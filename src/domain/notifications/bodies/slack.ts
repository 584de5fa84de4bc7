import { slackMrkdwn } from "../../../lib/escape";
import { plainTextLine } from "../../../lib/escape/plain-text";
import type { NotificationEvent } from "../event";
import { fitted } from "./fit";
import { factsOf, headline, hexColour, linkOf, noteOf, pageName, STATE_COLOURS, stateOfEvent } from "./words";

// A Slack incoming-webhook body: `text` (the notification's fallback), the headline as a header
// block and the note as a section, then one attachment in the state's colour (Slack colours only
// attachments) with the facts as section fields, a button to the incident's (or window's, or the
// page's) page, and the page's name. Every outside text in a mrkdwn object goes through slackMrkdwn;
// plain_text objects (the header, the button) are shown as they are by Slack, so they are only
// kept on one line and cut. Within Slack's limits: a section's text 3,000 characters, a field's
// 2,000, at most 10 fields, a header 150, a button 75, and 6 blocks of the 50 allowed.

export const SLACK_LIMITS = {
	sectionText: 3000,
	fieldText: 2000,
	fields: 10,
	headerText: 150,
	buttonText: 75,
	blocks: 50,
} as const;

const mrkdwn = (text: string, max: number) => ({ type: "mrkdwn" as const, text: fitted(text, max, slackMrkdwn) });
const plainText = (text: string, max: number) => ({
	type: "plain_text" as const,
	text: fitted(text, max, plainTextLine),
	emoji: true,
});

export function slackBody(event: NotificationEvent) {
	const title = headline(event);
	const note = noteOf(event);
	const link = linkOf(event);
	const fields = factsOf(event)
		.slice(0, SLACK_LIMITS.fields)
		.map(({ label, value }) => {
			const heading = `*${label}*\n`;
			return {
				type: "mrkdwn" as const,
				text: `${heading}${fitted(value, SLACK_LIMITS.fieldText - heading.length, slackMrkdwn)}`,
			};
		});
	const noteBlocks =
		note === null || note.trim() === ""
			? []
			: [{ type: "section" as const, text: mrkdwn(note, SLACK_LIMITS.sectionText) }];
	return {
		text: fitted(title, SLACK_LIMITS.sectionText, slackMrkdwn),
		blocks: [{ type: "header" as const, text: plainText(title, SLACK_LIMITS.headerText) }, ...noteBlocks],
		attachments: [
			{
				color: hexColour(STATE_COLOURS[stateOfEvent(event)]),
				blocks: [
					{ type: "section" as const, fields },
					{
						type: "actions" as const,
						elements: [
							{ type: "button" as const, text: plainText(link.label, SLACK_LIMITS.buttonText), url: link.url },
						],
					},
					{ type: "context" as const, elements: [mrkdwn(pageName(event), SLACK_LIMITS.sectionText)] },
				],
			},
		],
	};
}
