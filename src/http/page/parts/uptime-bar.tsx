import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
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
 * `window` days, for each window, in one pass from the newest day back. Days without data count
 * neither as uptime nor as operational.
 */
export function windowFigures(days: readonly ReportedDay[], windows: readonly number[]): string[] {
	const longest = Math.min(days.length, Math.max(...windows));
	const total = noDurations();
	const figures = new Map<number, string>();
	let known = 0;
	for (let age = 1; age <= longest; age += 1) {
		const day = days[days.length - age] as ReportedDay;
		addDurations(total, day.ms);
		if (day.worst !== null) known += 1;
		if (age !== longest && !windows.includes(age)) continue;
		const uptime = uptimeOf(total);
		const figure = known === 0 || uptime === null ? "No data" : `${formatPercent(uptime)} % uptime`;
		figures.set(
			age,
			known === 0 || uptime === null || known === age ? figure : `${figure}, data for ${known} of ${age} days`,
		);
	}
	return windows.map((window) => figures.get(Math.min(window, longest)) ?? "No data");
}

/**
 * The caption's figure for each window the bar may show, one shown per width (stylesheet). When
 * every window reads the same (a quiet quarter), one figure serves all three and the stylesheet
 * names the window: the page's size budget is spent on the days that were not quiet.
 */
function windowFiguresHtml(days: readonly ReportedDay[]) {
	const figures = windowFigures(days, WINDOWS);
	if (figures.every((figure) => figure === figures[0])) return html`<span class="wall">${figures[0]}</span>`;
	return WINDOWS.map((window, index) => html`<span class="w${window}">${window} days: ${figures[index]}</span>`);
}

/**
 * A surface's 90 days. The bar draws every day as operational (stylesheet); each day, or run of
 * alike days, that was anything else is a focusable list item laid over its days, whose text
 * (shown on focus and hover, read by screen readers) says what happened, and whose shape says its
 * state without colour. So a quiet quarter costs no markup at all. Narrow screens show the newest
 * 60 or 30 days (stylesheet), never overflowing, and the caption under the bar gives the figure of
 * the days drawn.
 *
 * Written with the escaping `html` template rather than JSX: under flapping the bars are thousands
 * of elements, most of a page miss's time when each is a JSX node.
 */
export function uptimeBarHtml(history: SurfaceHistory): HtmlEscapedString {
	const marks = dayMarks(history.days).filter((mark) => mark.stateClass !== OPERATIONAL);
	// Nothing to read when every day was operational: the caption's figure says so.
	const bar =
		marks.length === 0
			? html`<ol class="bar" aria-hidden="true"></ol>`
			: html`<ol class="bar" aria-label="${history.name}, days that were not operational">${marks.map(
					(mark) => html`<li tabindex="0" class="${markClass(mark)}"><span>${mark.text}</span></li>`,
				)}</ol>`;
	return html`${bar}<p class="scale">${windowFiguresHtml(history.days)}</p>` as HtmlEscapedString;
}

/**
 * The bars of a report's surfaces, each rendered once: a report is built once per data version and
 * shared by every miss at that version, so its bars are too. A report is never changed once built.
 */
const renderedBars = new WeakMap<SurfaceHistory, HtmlEscapedString>();

export function UptimeBar({ history }: { history: SurfaceHistory }) {
	let rendered = renderedBars.get(history);
	if (rendered === undefined) {
		rendered = uptimeBarHtml(history);
		renderedBars.set(history, rendered);
	}
	return rendered;
}
