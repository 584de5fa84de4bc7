import type { StateChange } from "../../../src/domain/uptime/daily-history";
import type { SurfaceState } from "../../../src/domain/vocabulary";

// The reference model, written independently of src/domain/uptime: every second of the
// window, its state looked up afresh among the changes and its calendar date read from Intl's
// own formatting. Slow on purpose; windows of a few days only.

export const STATES: SurfaceState[] = ["OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE", "UNKNOWN"];
const RANK: Record<SurfaceState, number> = {
	UNKNOWN: -1,
	OPERATIONAL: 0,
	MAINTENANCE: 1,
	DEGRADED: 2,
	PARTIAL: 3,
	DOWN: 4,
};
// Clock changes of 2026: New York Mar 8 / Nov 1, London Mar 29 / Oct 25, Lord Howe (30 minutes) Apr 5 / Oct 4.
export const CLOCK_CHANGE_ANCHORS = [
	"2026-03-09T12:00:00Z",
	"2026-11-02T18:00:00Z",
	"2026-03-30T08:00:00Z",
	"2026-10-26T06:00:00Z",
	"2026-04-05T20:00:00Z",
	"2026-10-04T20:00:00Z",
	"2026-07-15T10:00:00Z",
].map(Date.parse);

export function bruteForceDays(zone: string, changes: readonly StateChange[], from: number, to: number) {
	const dateOf = new Intl.DateTimeFormat("en-CA", {
		timeZone: zone,
		year: "numeric",
		month: "2-digit",
		day: "2-digit",
	});
	const days = new Map<string, { seconds: Record<SurfaceState, number>; worst: SurfaceState | null }>();
	let date = "";
	for (let second = from; second < to; second += 1000) {
		// Offsets change on whole minutes: the date is read afresh at every minute.
		if (second === from || second % 60_000 === 0) date = dateOf.format(second);
		let state: SurfaceState = "UNKNOWN";
		for (const change of changes) if (change.at <= second) state = change.state;
		let day = days.get(date);
		if (!day) {
			day = { seconds: Object.fromEntries(STATES.map((s) => [s, 0])) as Record<SurfaceState, number>, worst: null };
			days.set(date, day);
		}
		day.seconds[state] += 1;
		if (state !== "UNKNOWN" && (day.worst === null || RANK[state] > RANK[day.worst])) day.worst = state;
	}
	return [...days].map(([date, day]) => ({ date, seconds: day.seconds, worst: day.worst }));
}
