import { SHORT_STATE_WORDS } from "../../../domain/state-words";
import type { SurfaceHistory } from "../../../domain/uptime/history-report";
import { SURFACE_STATES } from "../../../domain/vocabulary";
import type { SurfaceStatus } from "../../../verbs/list-surfaces";
import { STATE_CLASSES, STATE_SYMBOLS } from "../words";
import { StateWord } from "./state";
import { UptimeBar } from "./uptime-bar";

interface SurfacesProps {
	surfaces: readonly SurfaceStatus[];
	histories: ReadonlyMap<string, SurfaceHistory>;
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

/** One row: the surface's name, its state, and its days. */
function Surface({ status, history }: { status: SurfaceStatus; history?: SurfaceHistory }) {
	return (
		<li class="surface">
			<h4>{status.surface.name}</h4>
			<StateWord state={status.state} />
			{history ? <UptimeBar history={history} /> : null}
		</li>
	);
}

/** "All operational" or "2 of 5 not operational": what a folded group would show if opened. */
function GroupSummary({ members }: { members: readonly SurfaceStatus[] }) {
	const affected = members.filter((status) => status.state !== "OPERATIONAL").length;
	if (affected === 0) {
		return (
			<span class="state o">
				<span class="sym" aria-hidden="true">
					{STATE_SYMBOLS.OPERATIONAL}
				</span>{" "}
				All operational
			</span>
		);
	}
	return (
		<span class="muted">
			{affected} of {members.length} not operational
		</span>
	);
}

/**
 * Every surface, group by group: a group whose surfaces all work is folded (a `<details>`, so no
 * script is needed to open it), a group with trouble is open.
 */
export function Surfaces({ surfaces, histories }: SurfacesProps) {
	return (
		<section id="systems" data-part aria-labelledby="systems-h">
			<h2 id="systems-h">Systems</h2>
			<p class="legend muted">
				A mark a day, up to 90 days; focus or point at a mark to read it.{" "}
				{LEGEND.map(([stateClass, words]) => (
					<span class={`key ${stateClass}`}>{words}</span>
				))}
			</p>
			{groupsOf(surfaces).map(([group, members]) => (
				<details class="card group" open={members.some((status) => status.state !== "OPERATIONAL")}>
					<summary>
						<h3>{group}</h3> <GroupSummary members={members} />
					</summary>
					<ul class="plain">
						{members.map((status) => (
							<Surface status={status} history={histories.get(status.surface.id)} />
						))}
					</ul>
				</details>
			))}
		</section>
	);
}
