import type { SurfaceHistory } from "../../../domain/uptime/history-report";
import { type Band, type DayMark, dayMarks } from "../day-marks";
import { formatPercent, STATE_CLASSES } from "../words";

const BAND_CLASSES: Record<Band, string> = { recent: "", older: " b2", oldest: " b3" };
const OPERATIONAL = STATE_CLASSES.OPERATIONAL;

const markClass = (mark: DayMark) =>
	`${mark.stateClass}${mark.start > 0 ? ` i${mark.start}` : ""}${mark.days > 1 ? ` n${mark.days}` : ""}${BAND_CLASSES[mark.band]}`;

/** "99.67 % uptime, other days operational": the bar's figure, and what its unmarked days were. */
function summary(history: SurfaceHistory, marks: readonly DayMark[]): string {
	const uptime = history.uptime === null ? "No data yet" : `${formatPercent(history.uptime)} % uptime`;
	const operational = marks.filter((mark) => mark.stateClass === OPERATIONAL);
	if (operational.length === 0) return uptime;
	return `${uptime}, ${operational.length === marks.length ? "operational every day" : "other days operational"}`;
}

/**
 * A surface's 90 days. The bar draws every day as operational (stylesheet); each day, or run of
 * alike days, that was anything else is a focusable list item laid over its days, whose text
 * (shown on focus and hover, read by screen readers) says what happened; the line under the bar
 * says the rest were operational. So a quiet quarter costs no markup at all, and a screen reader
 * hears only what matters. Narrow screens show the newest 60 or 30 days (stylesheet), never
 * overflowing; the stylesheet also writes how far back the bar goes and "Today" at its ends.
 */
export function UptimeBar({ history }: { history: SurfaceHistory }) {
	const marks = dayMarks(history.days);
	return (
		<>
			<ol class="bar" aria-label={`${history.name}, days that were not operational`}>
				{marks
					.filter((mark) => mark.stateClass !== OPERATIONAL)
					.map((mark) => (
						<li tabindex={0} class={markClass(mark)}>
							<span>{mark.text}</span>
						</li>
					))}
			</ol>
			<p class="scale">{summary(history, marks)}</p>
		</>
	);
}
