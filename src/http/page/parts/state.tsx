import type { SurfaceState } from "../../../domain/vocabulary";
import { STATE_CLASSES, STATE_SYMBOLS, STATE_WORDS } from "../words";

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

/** An instant, machine-readable and as the page's zone writes it. */
export function Instant({ iso, text }: { iso: string; text: string }) {
	return <time datetime={iso}>{text}</time>;
}

/**
 * Text from a writer (a note, a title): escaped like all text by JSX, and isolated, so that
 * right-to-left text or a stray bidirectional mark in it cannot reorder the page around it.
 */
export function PublicText({ text }: { text: string }) {
	return <bdi>{text}</bdi>;
}
