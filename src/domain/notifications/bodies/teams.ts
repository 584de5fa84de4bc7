import { teamsTextBlock } from "../../../lib/escape";
import type { SurfaceState } from "../../vocabulary";
import type { NotificationEvent } from "../event";
import { fitted } from "./fit";
import { factsOf, headline, linkOf, noteOf, pageName, stateOfEvent } from "./words";

// A Teams Workflows webhook body: a message with one Adaptive Card (version 1.4): the headline in
// the state's colour, the note, the facts as a FactSet, the page's name, and a button to the
// incident's (or window's, or the page's) page. Every outside text goes through teamsTextBlock and
// is cut; the whole body stays under Teams' 28 KB for a message.

export const TEAMS_LIMITS = { bodyBytes: 28_672, headline: 256, factValue: 1024, text: 1024 } as const;

/** The state's colour in the card's own palette. */
const CARD_COLOURS: Readonly<Record<SurfaceState, string>> = {
	OPERATIONAL: "Good",
	DEGRADED: "Warning",
	PARTIAL: "Warning",
	DOWN: "Attention",
	MAINTENANCE: "Accent",
	UNKNOWN: "Default",
};

const textBlock = (text: string, max: number) => fitted(text, max, teamsTextBlock);

export function teamsBody(event: NotificationEvent) {
	const note = noteOf(event);
	const link = linkOf(event);
	const noteBlocks =
		note === null || note.trim() === ""
			? []
			: [{ type: "TextBlock", text: textBlock(note, TEAMS_LIMITS.text), wrap: true }];
	return {
		type: "message",
		attachments: [
			{
				contentType: "application/vnd.microsoft.card.adaptive",
				contentUrl: null,
				content: {
					$schema: "http://adaptivecards.io/schemas/adaptive-card.json",
					type: "AdaptiveCard",
					version: "1.4",
					body: [
						{
							type: "TextBlock",
							text: textBlock(headline(event), TEAMS_LIMITS.headline),
							size: "Medium",
							weight: "Bolder",
							color: CARD_COLOURS[stateOfEvent(event)],
							wrap: true,
						},
						...noteBlocks,
						{
							type: "FactSet",
							facts: factsOf(event).map(({ label, value }) => ({
								title: label,
								value: textBlock(value, TEAMS_LIMITS.factValue),
							})),
						},
						{
							type: "TextBlock",
							text: textBlock(pageName(event), TEAMS_LIMITS.text),
							size: "Small",
							isSubtle: true,
							wrap: true,
						},
					],
					actions: [{ type: "Action.OpenUrl", title: link.label, url: link.url }],
				},
			},
		],
	};
}
