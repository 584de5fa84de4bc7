import { MAX_HISTORY_DAYS } from "../../domain/uptime/history-window";

// The page's one stylesheet, served under its content hash (assets.ts). Colours come in pairs for
// light and dark; every state colour used for text keeps 4.5:1 against its background.

/** A mark covering n days grows n times as wide and draws n day marks (n = 2..90; 1 is the default). */
const widths = Array.from({ length: MAX_HISTORY_DAYS - 1 }, (_, index) => index + 2)
	.map((days) => `.bar .n${days}{flex-grow:${days};--n:${days}}`)
	.join("\n");

export const STYLESHEET = `:root {
	color-scheme: light dark;
	--bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa; --focus: #0969da;
	--o: #1a7f37; --g: #9a6700; --p: #bc4c00; --x: #d1242f; --m: #0969da; --u: #818b98;
	--gap: 2px;
	font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
	:root {
		--bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23; --focus: #4493f8;
		--o: #3fb950; --g: #d29922; --p: #db6d28; --x: #f85149; --m: #4493f8; --u: #656c76;
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
header h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
h4 { font-size: 1rem; margin: 0; }
.muted, time { color: var(--muted); }
.banner {
	display: flex; gap: .75rem; align-items: center; margin: 0; padding: 1rem 1.25rem; font-size: 1.2rem; font-weight: 600;
	background: var(--card); border: 1px solid var(--line); border-left: .5rem solid var(--s); border-radius: .375rem;
}
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
.surface { padding: .75rem 0; border-top: 1px solid var(--line); }
.surface:first-child { border-top: 0; }
.head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem; align-items: baseline; }
.note { margin: .25rem 0; }
.since { font-size: .875rem; }
.bar {
	position: relative; display: flex; height: 2rem; margin: .5rem 0 .25rem; list-style: none; padding: 0;
}
.bar li {
	flex: 1 1 0; min-width: 0; cursor: default;
	background: repeating-linear-gradient(
		to right, var(--s) 0 calc(100% / var(--n, 1) - var(--gap)), transparent 0 calc(100% / var(--n, 1))
	);
}
.bar li.u { opacity: .45; }
.bar li:hover > span, .bar li:focus > span {
	top: calc(100% + .25rem); left: 0; right: 0; width: auto; height: auto; clip-path: none; white-space: normal;
	background: var(--fg); color: var(--bg); padding: .25rem .5rem; border-radius: .25rem; z-index: 2; font-size: .875rem;
}
.bar li:focus-visible { outline-offset: 1px; }
.scale { display: flex; justify-content: space-between; gap: 1rem; font-size: .8rem; color: var(--muted); margin: 0; }
.scale .b1, .scale .b2 { display: none; }
@media (max-width: 47.99em) {
	.bar .b3, .scale .b3 { display: none; }
	.scale .b2 { display: inline; }
}
@media (max-width: 29.99em) {
	.bar .b2, .scale .b2 { display: none; }
	.scale .b1 { display: inline; }
	:root { --gap: 1px; }
}
.timeline { margin: .5rem 0 0 .25rem; padding: 0 0 0 .875rem; border-left: 2px solid var(--line); }
.timeline li { margin: 0 0 .5rem; }
.timeline p { margin: 0; }
.clock { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
.clock dt { color: var(--muted); }
.clock dd { margin: 0; }
footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line); font-size: .875rem; }
footer ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
@media (prefers-reduced-motion: no-preference) {
	html { scroll-behavior: smooth; }
	.bar li > span { transition: opacity .15s; }
}
${widths}
`;
