import { supportedInstant } from "../../../domain/instants";
import type { SurfaceState } from "../../../domain/vocabulary";
import { formatInstant, STATE_CLASSES, STATE_SYMBOLS, STATE_WORDS } from "../words";

/** A state as a person reads it: a symbol and a word in the state's colour (never colour alone). */
export function StateWord({ state, words = STATE_WORDS[state] }: { state: SurfaceState; words?: string }) {
	return (
		<span class={`state ${STATE_CLASSES[state]}`}>
			<span class="sym" aria-hidden="true">
				{STATE_SYMBOLS[state]}
			</span>{" "}
			{words}
		</span>
	);
}

/**
 * A stored instant, machine-readable and as the page's zone writes it. One outside the supported
 * range (a row written by hand) is shown as stored: no date arithmetic touches it.
 */
export function Instant({ iso, timeZone }: { iso: string; timeZone: string }) {
	const at = supportedInstant(iso);
	return at === null ? <time>{iso}</time> : <time datetime={iso}>{formatInstant(at.getTime(), timeZone)}</time>;
}

/**
 * Text from a writer (a note, a title): escaped like all text by JSX, and isolated, so that
 * right-to-left text or a stray bidirectional mark in it cannot reorder the page around it.
 */
export function PublicText({ text }: { text: string }) {
	return <bdi>{text}</bdi>;
}
