import type { SurfaceState } from "../../../domain/vocabulary";
import { STATE_CLASSES, STATE_SYMBOLS } from "../words";

/** The overall state, first thing on the page: a symbol and a sentence on the state's colour bar. */
export function StateBanner({ state, text }: { state: SurfaceState; text: string }) {
	return (
		<div id="overall" data-part>
			<p class={`banner ${STATE_CLASSES[state]}`}>
				<span class="sym" aria-hidden="true">
					{STATE_SYMBOLS[state]}
				</span>{" "}
				<span>{text}</span>
			</p>
		</div>
	);
}
