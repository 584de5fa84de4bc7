import { MAX_HISTORY_DAYS } from "../../domain/uptime/history-window";
import { BAND_DAYS } from "./day-marks";

// The page's one stylesheet, served under its content hash (assets.ts). Colours come in pairs for
// light and dark; every state colour used for text keeps 4.5:1 against its background.

// A mark starts on day i of the bar (0, the oldest, is the default) and covers n days (1 is the
// default): one class each, so that the page's markup stays small.
const dayClasses = Array.from({ length: MAX_HISTORY_DAYS - 1 }, (_, index) => index + 1)
	.map((day) => `.bar .i${day}{--i:${day}}.bar .n${day + 1}{--n:${day + 1}}`)
	.join("\n");

export const STYLESHEET = `:root {
	color-scheme: light dark;
	--bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa; --focus: #0969da;
	/* The state colours and the no-data stub keep 3:1 or more against the card, as marks must. */
	--o: #1a7f37; --g: #9a6700; --p: #bc4c00; --x: #d1242f; --m: #0969da; --u: #818b98; --nodata: #818b98;
	/* The banner's fill for each state, and its text: 4.5:1 or more in both schemes. */
	--on-fill: #ffffff; --fill-u: #59636e;
	--gap: 2px;
	font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
	:root {
		--bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23; --focus: #4493f8;
		--o: #3fb950; --g: #d29922; --p: #db6d28; --x: #f85149; --m: #4493f8; --u: #656c76; --nodata: #6e7681;
		--on-fill: #0d1117; --fill-u: #9198a1;
	}
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); overflow-wrap: anywhere; }
a { color: var(--focus); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.page { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.vh, .bar li > span {
	position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
.skip { position: absolute; left: 1rem; top: -3rem; background: var(--bg); padding: .5rem; z-index: 3; }
.skip:focus { top: .5rem; }
h1 { font-size: 1.75rem; margin: .5rem 0 1rem; line-height: 1.25; }
.card h1 { font-size: 1.4rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0; }
.muted, time { color: var(--muted); }
.banner {
	display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: center; margin: 0; padding: 1rem 1.25rem;
	font-size: 1.3rem; font-weight: 700; background: var(--s); color: var(--on-fill); border-radius: .5rem;
}
.banner.u { --s: var(--fill-u); }
.banner .sym { background: var(--on-fill); color: var(--s); }
.banner .count { margin-left: auto; font-size: 1rem; font-weight: 600; }
.o { --s: var(--o); } .g { --s: var(--g); } .p { --s: var(--p); } .x { --s: var(--x); } .m { --s: var(--m); } .u { --s: var(--u); }
.sym {
	display: inline-grid; place-items: center; flex: none; width: 1.4em; height: 1.4em; border-radius: 50%;
	background: var(--s); color: var(--bg); font-size: .85em; font-weight: 700; line-height: 1;
}
.state { color: var(--s); font-weight: 600; white-space: nowrap; }
.state.u { color: var(--muted); }
ul.plain, ol.plain { list-style: none; margin: 0; padding: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .375rem; padding: .75rem 1rem; margin: 0 0 .75rem; }
.card > :first-child { margin-top: 0; }
article.card > p { margin: .5rem 0; }
.meta { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem; }
.meta > p { margin: .5rem 0 0; }
.affected > li { padding: .5rem 0; border-top: 1px solid var(--line); }
.affected > li:first-child { border-top: 0; }
.affected h3 { margin: 0; font-size: 1rem; }
.affected .detail { margin: .125rem 0 0; display: flex; flex-wrap: wrap; gap: 0 1rem; justify-content: space-between; }
#affected section { margin-top: 1rem; }
#affected h2 { margin-top: 0; }
details.group { padding: 0; }
details.group > summary {
	display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: baseline; justify-content: space-between;
	padding: .625rem 1rem; cursor: pointer; list-style-position: inside;
}
details.group > summary h3 { display: inline; margin: 0; }
details.group > ul { padding: 0 1rem .5rem; }
.surface {
	display: grid; grid-template-columns: minmax(8rem, 15rem) 1fr 13rem; gap: 0 1rem; align-items: center;
	padding: .375rem 0; border-top: 1px solid var(--line);
}
.surface > h4 { grid-column: 1; grid-row: 1; }
.surface > .state { grid-column: 3; grid-row: 1; font-size: .875rem; text-align: right; }
.surface > .bar { grid-column: 2; grid-row: 1; margin: 0; }
.surface > .scale { grid-column: 2; grid-row: 2; }
@media (max-width: 47.99em) {
	.surface { grid-template-columns: 1fr auto; }
	.surface > .state { text-align: left; }
	.surface > .state { grid-column: 2; }
	.surface > .bar { grid-column: 1 / 3; grid-row: 2; margin-top: .375rem; }
	.surface > .scale { grid-column: 1 / 3; grid-row: 3; }
}
.day { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: baseline; padding: .25rem 0; border-bottom: 1px solid var(--line); }
.day > h3 { flex: 1 0 100%; font-size: 1rem; margin: 0; }
.day.quiet > h3 { flex: 0 1 auto; min-width: 14rem; }
.day > p { margin: 0; }
.day.quiet > p { color: var(--muted); }
article.past { margin: .25rem 0 .5rem; }
article.past h4 { font-size: 1rem; }
article.past p { margin: .125rem 0; }
.head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem; align-items: baseline; }
.since { font-size: .875rem; }
.bar {
	/* Every day is drawn operational; the list's marks cover the days that were not. */
	--days: ${MAX_HISTORY_DAYS}; --first: 0;
	position: relative; height: 1.75rem; margin: .5rem 0 .25rem; list-style: none; padding: 0;
	background: repeating-linear-gradient(
		to right, var(--o) 0 calc(100% / var(--days) - var(--gap)), transparent 0 calc(100% / var(--days))
	);
}
/*
 * A state's shape, so that no state is told by colour alone: a major outage is cross-hatched, a
 * partial outage striped, degraded performance fills the lower half, maintenance is banded, and a
 * day without data is a low stub; an operational day is solid.
 */
.bar li.x, .key.x {
	--shape: repeating-linear-gradient(45deg, transparent 0 3px, var(--card) 0 4px),
		repeating-linear-gradient(135deg, var(--s) 0 3px, var(--card) 0 4px);
}
.bar li.p, .key.p { --shape: repeating-linear-gradient(135deg, var(--s) 0 3px, var(--card) 0 5px); }
.bar li.g, .key.g { --shape: linear-gradient(to bottom, var(--card) 0 50%, var(--s) 0); }
.bar li.m, .key.m { --shape: repeating-linear-gradient(to bottom, var(--s) 0 4px, var(--card) 0 6px); }
.bar li.u, .key.u { --s: var(--nodata); --shape: linear-gradient(to bottom, var(--card) 0 80%, var(--s) 0); }
.key.o { --shape: linear-gradient(var(--s), var(--s)); }
.bar li {
	position: absolute; top: 0; bottom: 0; cursor: default;
	left: calc((var(--i, 0) - var(--first)) * 100% / var(--days));
	width: calc(var(--n, 1) * 100% / var(--days));
	background:
		repeating-linear-gradient(
			to right, transparent 0 calc(100% / var(--n, 1) - var(--gap)), var(--card) 0 calc(100% / var(--n, 1))
		),
		var(--shape), var(--card);
}
.legend { font-size: .875rem; }
.key { white-space: nowrap; margin-right: .75rem; }
.key::before {
	content: ""; display: inline-block; width: .7em; height: 1.1em; margin-right: .3em; vertical-align: -.15em;
	background: var(--shape), var(--card); outline: 1px solid var(--line);
}
/* A mark's text, on focus or hover: a box as wide as the bar, under it. */
.bar li:hover > span, .bar li:focus > span {
	top: calc(100% + .25rem); height: auto; clip-path: none; white-space: normal;
	left: calc((var(--first) - var(--i, 0)) * 100% / var(--n, 1));
	width: calc(var(--days) * 100% / var(--n, 1));
	background: var(--fg); color: var(--bg); padding: .25rem .5rem; border-radius: .25rem; z-index: 2; font-size: .875rem;
}
.bar li:focus-visible { outline-offset: 1px; }
/* The caption of the days drawn: one figure per width, the others hidden. */
.scale {
	display: flex; justify-content: space-between; gap: 1rem; margin: .125rem 0 0; font-size: .8rem; color: var(--muted);
}
.scale::after { content: "Today"; white-space: nowrap; }
.scale .w${BAND_DAYS * 2}, .scale .w${BAND_DAYS} { display: none; }
.scale .wall::before { content: "${BAND_DAYS * 3} days: "; }
@media (max-width: 47.99em) {
	.bar { --days: ${BAND_DAYS * 2}; --first: ${BAND_DAYS}; }
	.bar .b3, .scale .w${BAND_DAYS * 3} { display: none; }
	.scale .w${BAND_DAYS * 2} { display: inline; }
	.scale .wall::before { content: "${BAND_DAYS * 2} days: "; }
}
@media (max-width: 29.99em) {
	.bar { --days: ${BAND_DAYS}; --first: ${BAND_DAYS * 2}; }
	.bar .b2, .scale .w${BAND_DAYS * 2} { display: none; }
	.scale .w${BAND_DAYS} { display: inline; }
	.scale .wall::before { content: "${BAND_DAYS} days: "; }
	:root { --gap: 1px; }
}
.timeline { margin: .5rem 0 0 .25rem; padding: 0 0 0 .875rem; border-left: 2px solid var(--line); }
.timeline li { margin: 0 0 .5rem; }
.timeline p { margin: 0; }
.clock { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
.clock dt { color: var(--muted); }
.clock dd { margin: 0; }
input, button { font: inherit; }
button { padding: .3rem 1rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; }
fieldset.group-choice { margin: .5rem 0; }
.choices { columns: 2 14rem; }
.facts { margin: .5rem 0 1rem; }
/* Positioned, so that the hidden words of its cells scroll with it instead of widening the page. */
.scroll { overflow-x: auto; max-width: 100%; position: relative; }
.figures { border-collapse: collapse; font-size: .875rem; margin: 0 0 1rem; }
.figures caption { text-align: left; color: var(--muted); padding: 0 0 .25rem; }
.figures th, .figures td { padding: .25rem .5rem; text-align: right; white-space: nowrap; border-top: 1px solid var(--line); }
.figures th[scope="row"], .figures th:first-child { text-align: left; white-space: normal; overflow-wrap: break-word; min-width: 10rem; }
.figures abbr { text-decoration: none; }
footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line); font-size: .875rem; }
footer ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
@media (prefers-reduced-motion: no-preference) {
	html { scroll-behavior: smooth; }
	.bar li:hover > span, .bar li:focus > span { animation: appear .15s ease-out; }
	@keyframes appear { from { opacity: 0; } }
}
${dayClasses}
`;
