import type { MaintenanceCounts } from "../../../db/maintenance/reads";
import type { MaintenanceRow } from "../../../db/maintenance/rows";
import { PUBLIC_PATHS } from "../../../paths";
import { surfaceName } from "../../../surfaces/registry";
import { Instant, PublicText, StateWord } from "./state";

/** The most maintenance windows the page shows; the rest are counted, with a link to the list. */
export const PAGE_WINDOWS = 5;

/** A window's bound as stored; one a hand-written row made unreadable stays unreadable, never throws. */
const storedIso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

function Window({ row, timeZone }: { row: MaintenanceRow; timeZone: string }) {
	const inProgress = row.status === "in_progress";
	const surfaces = row.surfaceIds.map((id) => surfaceName(id)).join(", ");
	return (
		<article class="card" aria-labelledby={`mnt-${row.id}-h`}>
			<h3 id={`mnt-${row.id}-h`}>
				<PublicText text={row.title} />
			</h3>
			<p>
				<StateWord state="MAINTENANCE" words={inProgress ? "In progress" : "Scheduled"} />{" "}
				<span class="muted">
					<Instant iso={storedIso(row.startsAt)} timeZone={timeZone} /> to{" "}
					<Instant iso={storedIso(row.endsAt)} timeZone={timeZone} />
				</span>
			</p>
			{row.publicNote ? (
				<p>
					<PublicText text={row.publicNote} />
				</p>
			) : null}
			<p class="muted">Affects: {surfaces}</p>
		</article>
	);
}

/**
 * Maintenance in progress and upcoming (the snapshot orders them: in progress, then soonest): the
 * first PAGE_WINDOWS of them, then how many more there are and where to read them.
 */
export function Maintenance({
	windows,
	totals,
	timeZone,
}: {
	windows: readonly MaintenanceRow[];
	totals: MaintenanceCounts;
	timeZone: string;
}) {
	const open = windows.filter((row) => row.status === "in_progress" || row.status === "scheduled");
	const shown = open.slice(0, PAGE_WINDOWS);
	const more = Math.max(0, totals.in_progress + totals.scheduled - shown.length);
	// Always there (the refresh script swaps it in place), and empty when nothing is scheduled.
	return (
		<div id="maintenance" data-part>
			{shown.length === 0 ? null : (
				<section aria-labelledby="maintenance-h">
					<h2 id="maintenance-h">Scheduled maintenance</h2>
					{shown.map((row) => (
						<Window row={row} timeZone={timeZone} />
					))}
					{more > 0 ? (
						<p class="muted">
							{more} more {more === 1 ? "window" : "windows"} in progress or scheduled:{" "}
							<a href={PUBLIC_PATHS.maintenances}>the maintenance list</a>.
						</p>
					) : null}
				</section>
			)}
		</div>
	);
}
