import type { SurfaceState } from "../../../domain/vocabulary";
import { STATE_CLASSES, STATE_SYMBOLS } from "../words";

interface StateBannerProps {
	state: SurfaceState;
	text: string;
	/** How many surfaces are not operational, of how many. */
	affected: number;
	total: number;
}

/**
 * The overall state, first thing on the page: the state's own strong colour across the whole banner,
 * with its symbol and its words (never colour alone), and how many surfaces it is about.
 */
export function StateBanner({ state, text, affected, total }: StateBannerProps) {
	return (
		<div id="overall" data-part>
			<p class={`banner ${STATE_CLASSES[state]}`}>
				<span class="sym" aria-hidden="true">
					{STATE_SYMBOLS[state]}
				</span>{" "}
				<span>{text}</span>
				{affected > 0 ? " " : null}
				{affected > 0 ? (
					<span class="count">
						{affected} of {total} systems affected
					</span>
				) : null}
			</p>
		</div>
	);
}
