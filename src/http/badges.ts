import type { OverallStatus } from "../domain/overall-status";
import { STATE_WORDS } from "../domain/state-words";
import type { SurfaceState } from "../domain/vocabulary";
import { xmlAttribute, xmlText } from "../lib/escape";

/** A badge's message and colour (shields.io's name for it, and its hex). */
export interface BadgeFace {
	message: string;
	color: string;
	hex: string;
}

/** How each surface's state reads on a badge: the domain's words, shields.io's colours. */
export const STATE_BADGES: Readonly<Record<SurfaceState, BadgeFace>> = {
	OPERATIONAL: { message: STATE_WORDS.OPERATIONAL, color: "brightgreen", hex: "#4c1" },
	DEGRADED: { message: STATE_WORDS.DEGRADED, color: "yellow", hex: "#dfb317" },
	PARTIAL: { message: STATE_WORDS.PARTIAL, color: "orange", hex: "#fe7d37" },
	DOWN: { message: STATE_WORDS.DOWN, color: "red", hex: "#e05d44" },
	MAINTENANCE: { message: STATE_WORDS.MAINTENANCE, color: "blue", hex: "#007ec6" },
	UNKNOWN: { message: STATE_WORDS.UNKNOWN, color: "lightgrey", hex: "#9f9f9f" },
};

/** The page's overall status on a badge: the overall words every reader says, its state's colour. */
export const overallBadge = (overall: Pick<OverallStatus, "state" | "description">): BadgeFace => ({
	...STATE_BADGES[overall.state],
	message: overall.description,
});

/** The width of a text in 11 px Verdana, near enough for a badge (shields.io's own metric is per glyph). */
function textWidth(text: string): number {
	let width = 0;
	for (const char of text) width += /[ilj.,:;|!'1]/.test(char) ? 3.5 : /[mwMW@]/.test(char) ? 10 : 7;
	return Math.ceil(width);
}

/**
 * A flat badge, as shields.io draws them: the label on grey, the message on the state's colour,
 * the whole named for screen readers (role img, aria-label, title). Text is escaped; nothing runs.
 */
export function renderBadge(label: string, { message, hex }: BadgeFace): string {
	const left = textWidth(label) + 10;
	const right = textWidth(message) + 10;
	const width = left + right;
	const name = `${label}: ${message}`;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${xmlAttribute(name)}">`,
		`<title>${xmlText(name)}</title>`,
		`<rect width="${left}" height="20" fill="#555"/>`,
		`<rect x="${left}" width="${right}" height="20" fill="${hex}"/>`,
		`<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
		`<text x="${left / 2}" y="14">${xmlText(label)}</text>`,
		`<text x="${left + right / 2}" y="14">${xmlText(message)}</text>`,
		"</g></svg>",
	].join("");
}
