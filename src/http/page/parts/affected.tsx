import { supportedInstant } from "../../../domain/instants";
import type { SurfaceStatus } from "../../../verbs/list-surfaces";
import { formatAgo } from "../words";
import { Instant, PublicText, StateWord } from "./state";

/**
 * Every surface that is not operational, right under the banner, whatever made it so (a ticket, an
 * operator, the prober, a partner's page): its state, its note and since when. The section is always
 * there (the refresh script swaps it in place), empty when everything works.
 */
export function Affected({
	surfaces,
	timeZone,
	readAt,
}: {
	surfaces: readonly SurfaceStatus[];
	timeZone: string;
	readAt: number;
}) {
	const affected = surfaces.filter((status) => status.state !== "OPERATIONAL");
	return (
		<div id="affected" data-part>
			{affected.length === 0 ? null : (
				<section aria-labelledby="affected-h">
					<h2 id="affected-h">Not working normally</h2>
					<ul class="plain affected">
						{affected.map((status) => (
							<AffectedSurface status={status} timeZone={timeZone} readAt={readAt} />
						))}
					</ul>
				</section>
			)}
		</div>
	);
}

function AffectedSurface({ status, timeZone, readAt }: { status: SurfaceStatus; timeZone: string; readAt: number }) {
	const since = status.row?.stateSince;
	const sinceAt = since === undefined ? null : supportedInstant(since);
	return (
		<li>
			<div class="head">
				<h3>{status.surface.name}</h3>
				<StateWord state={status.state} />
			</div>
			{status.row?.publicNote || since ? (
				<p class="detail">
					{status.row?.publicNote ? (
						<span class="note">
							<PublicText text={status.row.publicNote} />
						</span>
					) : null}
					{status.row?.publicNote && since ? " " : null}
					{since ? (
						<span class="since muted">
							Since <Instant iso={since} timeZone={timeZone} />
							{sinceAt === null ? null : ` (${formatAgo(Math.max(0, readAt - sinceAt.getTime()))})`}
						</span>
					) : null}
				</p>
			) : null}
		</li>
	);
}
