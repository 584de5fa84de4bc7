import { SHORT_STATE_WORDS } from "../../../domain/state-words";
import type { SurfaceHistory } from "../../../domain/uptime/history-report";
import { SURFACE_STATES } from "../../../domain/vocabulary";
import type { SurfaceStatus } from "../../../verbs/list-surfaces";
import { STATE_CLASSES } from "../words";
import { Instant, PublicText, StateWord } from "./state";
import { UptimeBar } from "./uptime-bar";

interface SurfacesProps {
	surfaces: readonly SurfaceStatus[];
	histories: ReadonlyMap<string, SurfaceHistory>;
	timeZone: string;
}

const LEGEND = SURFACE_STATES.map((state) => [STATE_CLASSES[state], SHORT_STATE_WORDS[state]] as const);

function groupsOf(surfaces: readonly SurfaceStatus[]): [string, SurfaceStatus[]][] {
	const groups = new Map<string, SurfaceStatus[]>();
	for (const status of surfaces) {
		const members = groups.get(status.surface.group) ?? [];
		members.push(status);
		groups.set(status.surface.group, members);
	}
	return [...groups];
}

function Surface({ status, history, timeZone }: { status: SurfaceStatus; history?: SurfaceHistory; timeZone: string }) {
	const since = status.row?.stateSince;
	return (
		<li class="surface">
			<div class="head">
				<h4>{status.surface.name}</h4>
				<StateWord state={status.state} />
			</div>
			{status.row?.publicNote ? (
				<p class="note">
					<PublicText text={status.row.publicNote} />
				</p>
			) : null}
			{since ? (
				<p class="since muted">
					Since <Instant iso={since} timeZone={timeZone} />
				</p>
			) : null}
			{history ? <UptimeBar history={history} /> : null}
		</li>
	);
}

/** Every surface, group by group, with its state, note, since when, and its 90 days. */
export function Surfaces({ surfaces, histories, timeZone }: SurfacesProps) {
	return (
		<section id="systems" data-part aria-labelledby="systems-h">
			<h2 id="systems-h">Systems</h2>
			<p class="legend muted">
				Each bar shows up to 90 days (fewer on a narrow screen), a mark a day; focus or point at a mark to read it.{" "}
				{LEGEND.map(([stateClass, words]) => (
					<span class={`key ${stateClass}`}>{words}</span>
				))}
			</p>
			{groupsOf(surfaces).map(([group, members]) => (
				<div class="card">
					<h3>{group}</h3>
					<ul class="plain">
						{members.map((status) => (
							<Surface status={status} history={histories.get(status.surface.id)} timeZone={timeZone} />
						))}
					</ul>
				</div>
			))}
		</section>
	);
}
