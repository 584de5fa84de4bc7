import type { SurfaceHistory } from "../../../domain/uptime/history-report";
import { BAND_DAYS, type Band, dayMarks } from "../day-marks";
import { formatPercent } from "../words";

const BAND_CLASSES: Record<Band, string> = { recent: "", older: " b2", oldest: " b3" };

/**
 * A surface's 90 days: a mark per day coloured by its worst state, each run of alike days one
 * focusable list item whose text (shown on focus and hover, read by screen readers) says what the
 * days were. Narrow screens drop the older bands (stylesheet), so the bar never overflows.
 */
export function UptimeBar({ history }: { history: SurfaceHistory }) {
	const marks = dayMarks(history.days);
	const total = history.days.length;
	const uptime = history.uptime === null ? "no data yet" : `${formatPercent(history.uptime)} % uptime`;
	return (
		<>
			<ol class="bar" aria-label={`${history.name}, daily history`}>
				{marks.map((mark) => (
					<li
						tabindex={0}
						class={`${mark.stateClass}${mark.days > 1 ? ` n${mark.days}` : ""}${BAND_CLASSES[mark.band]}`}
					>
						<span>{mark.text}</span>
					</li>
				))}
			</ol>
			<p class="scale">
				<span class="b3">{total} days ago</span>
				<span class="b2">{Math.min(total, 2 * BAND_DAYS)} days ago</span>
				<span class="b1">{Math.min(total, BAND_DAYS)} days ago</span>
				<span>{uptime}</span>
				<span>Today</span>
			</p>
		</>
	);
}
