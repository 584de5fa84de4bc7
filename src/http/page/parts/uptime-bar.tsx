import { addDurations, noDurations, uptimeOf } from "../../../domain/uptime/daily-history";
import type { ReportedDay, SurfaceHistory } from "../../../domain/uptime/history-report";
import { BAND_DAYS, type Band, type DayMark, dayMarks } from "../day-marks";
import { formatPercent, STATE_CLASSES } from "../words";

const BAND_CLASSES: Record<Band, string> = { recent: "", older: " b2", oldest: " b3" };
const OPERATIONAL = STATE_CLASSES.OPERATIONAL;

/** The windows the bar shows, by screen width (stylesheet): each caption says its own window's figure. */
const WINDOWS = [BAND_DAYS * 3, BAND_DAYS * 2, BAND_DAYS] as const;

const markClass = (mark: DayMark) =>
	`${mark.stateClass}${mark.start > 0 ? ` i${mark.start}` : ""}${mark.days > 1 ? ` n${mark.days}` : ""}${BAND_CLASSES[mark.band]}`;

/**
 * "99.75 % uptime", "100 % uptime, data for 3 of 30 days", "No data": the figure of the newest
 * `window` days. Days without data count neither as uptime nor as operational.
 */
export function windowFigure(days: readonly ReportedDay[], window: number): string {
	const shown = days.slice(-window);
	const known = shown.filter((day) => day.worst !== null).length;
	const uptime = uptimeOf(shown.reduce((total, day) => addDurations(total, day.ms), noDurations()));
	if (known === 0 || uptime === null) return "No data";
	const figure = `${formatPercent(uptime)} % uptime`;
	return known < shown.length ? `${figure}, data for ${known} of ${shown.length} days` : figure;
}

/**
 * The caption's figure for each window the bar may show, one shown per width (stylesheet). When
 * every window reads the same (a quiet quarter), one figure serves all three and the stylesheet
 * names the window: the page's size budget is spent on the days that were not quiet.
 */
function WindowFigures({ days }: { days: readonly ReportedDay[] }) {
	const figures = WINDOWS.map((window) => windowFigure(days, window));
	if (figures.every((figure) => figure === figures[0])) return <span class="wall">{figures[0]}</span>;
	return (
		<>
			{WINDOWS.map((window, index) => (
				<span class={`w${window}`}>
					{window} days: {figures[index]}
				</span>
			))}
		</>
	);
}

/**
 * A surface's 90 days. The bar draws every day as operational (stylesheet); each day, or run of
 * alike days, that was anything else is a focusable list item laid over its days, whose text
 * (shown on focus and hover, read by screen readers) says what happened, and whose shape says its
 * state without colour. So a quiet quarter costs no markup at all. Narrow screens show the newest
 * 60 or 30 days (stylesheet), never overflowing, and the caption under the bar gives the figure of
 * the days drawn.
 */
export function UptimeBar({ history }: { history: SurfaceHistory }) {
	const marks = dayMarks(history.days).filter((mark) => mark.stateClass !== OPERATIONAL);
	return (
		<>
			{marks.length === 0 ? (
				// Nothing to read: every day was operational, which the caption's figure says.
				<ol class="bar" aria-hidden="true" />
			) : (
				<ol class="bar" aria-label={`${history.name}, days that were not operational`}>
					{marks.map((mark) => (
						<li tabindex={0} class={markClass(mark)}>
							<span>{mark.text}</span>
						</li>
					))}
				</ol>
			)}
			<p class="scale">
				<WindowFigures days={history.days} />
			</p>
		</>
	);
}
