import type { MaintenanceRow } from "../../../db/maintenance/rows";
import { surfaceName } from "../../../surfaces/registry";
import { Instant, PublicText, StateWord } from "./state";

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

/** Maintenance in progress and upcoming (the snapshot orders them: in progress, then soonest). */
export function Maintenance({ windows, timeZone }: { windows: readonly MaintenanceRow[]; timeZone: string }) {
	const shown = windows.filter((row) => row.status === "in_progress" || row.status === "scheduled");
	return (
		<section id="maintenance" data-part aria-labelledby="maintenance-h">
			<h2 id="maintenance-h">Scheduled maintenance</h2>
			{shown.length === 0 ? (
				<p class="muted">No maintenance is scheduled.</p>
			) : (
				shown.map((row) => <Window row={row} timeZone={timeZone} />)
			)}
		</section>
	);
}
