import { supportedInstant } from "../../domain/instants";
import { localDateAt } from "../../domain/time-zone";
import type { StateChange } from "../../domain/uptime/daily-history";
import type { IncidentSpan, RolledDay } from "../../domain/uptime/history-report";
import { LIVE_TAIL_ROWS } from "../../domain/uptime/live-tail";
import { type PublicReader, readVersioned } from "../data-version";
import { unlessAtHeldVersion, withHeldVersion } from "../held-version";
import { UPTIME_SQL } from "./queries";
import {
	changesFromRaw,
	type RawChange,
	type RawIncidentSpan,
	type RawLiveBounds,
	type RawRolledDay,
	rolledFromRaw,
	rowsOf,
	spanFromRaw,
} from "./rows";

// The uptime history's public read: the rollup's days, and the live part after them.

export interface UptimeReadRequest {
	timeZone: string;
	surfaceIds: readonly string[];
	from: number;
	to: number;
	firstDate: string;
	dayAfterLast: string;
}

/**
 * Rollup days an isolate already read, kept across data versions: the fold writes only the day of
 * its fold point and later days of the same rollup, so while the zone's rollup is still
 * `rollupId` and its fold point no earlier than `foldedThrough`, the days before `foldDate` are as
 * read, and a read takes only the rest. (A read replica may lag behind the one the days were read
 * from: at an earlier fold point its live part covers days held whole, which would count twice.)
 */
export interface HeldRollup {
	timeZone: string;
	/** The surfaces they are of, as the read's JSON list. */
	surfaceIds: string;
	rollupId: string;
	/** The fold point when they were read, as stored. */
	foldedThrough: string;
	/** The zone's date of the fold point when they were read. */
	foldDate: string;
	/** The first date they cover. */
	firstDate: string;
	days: readonly RolledDay[];
}

/** A history read's rows, and the data version they were read at. */
export interface UptimeRows {
	version: number;
	/** Where the rollup's rows end, and where the live rows begin (later when the tail was longer than a read takes). */
	rolledThrough: number;
	liveFrom: number;
	rolled: RolledDay[];
	changes: Map<string, StateChange[]>;
	incidents: IncidentSpan[];
	/** The rollup days this read had (held and read), to be held for the next; null without a rollup. */
	rollup: HeldRollup | null;
}

/** `held` if a read of `request` can keep its days: the same zone and surfaces, and no later first date. */
function usableRollup(request: UptimeReadRequest, held: HeldRollup | null): HeldRollup | null {
	return held &&
		held.timeZone === request.timeZone &&
		held.surfaceIds === JSON.stringify(request.surfaceIds) &&
		held.firstDate <= request.firstDate
		? held
		: null;
}

/**
 * The statements of a history read, to be sent in one batch (alone, or with others'). Given the
 * version of a report already held, they return no rows when the data is still at that version.
 */
export function uptimeStatements(
	reader: PublicReader,
	request: UptimeReadRequest,
	heldVersion: number | null = null,
	heldRollup: HeldRollup | null = null,
): D1PreparedStatement[] {
	const ids = JSON.stringify(request.surfaceIds);
	const kept = usableRollup(request, heldRollup);
	const fromIso = new Date(request.from).toISOString();
	const toIso = new Date(request.to).toISOString();
	const live = [fromIso, request.timeZone, ids, toIso, LIVE_TAIL_ROWS];
	const statement = (sql: string, values: readonly unknown[]) =>
		reader.prepare(unlessAtHeldVersion(sql)).bind(...withHeldVersion(values, heldVersion));
	return [
		statement(UPTIME_SQL.liveBounds, live),
		statement(UPTIME_SQL.rolledDays, [
			request.timeZone,
			request.firstDate,
			ids,
			request.dayAfterLast,
			kept?.rollupId ?? null,
			kept?.foldDate ?? null,
			kept?.foldedThrough ?? null,
		]),
		statement(UPTIME_SQL.liveStateBefore, live),
		statement(UPTIME_SQL.liveChanges, live),
		statement(UPTIME_SQL.incidentSpans, [fromIso, toIso, ids]),
	];
}

/** The rows of a history read, from the results of its statements (in uptimeStatements' order). */
export function uptimeRowsOf(
	results: readonly (D1Result | undefined)[],
	request: UptimeReadRequest,
	heldRollup: HeldRollup | null = null,
): Omit<UptimeRows, "version"> {
	const [bounds, rolled, before, changes, incidents] = results;
	const bound = rowsOf<RawLiveBounds>(bounds)[0];
	const instant = (text: string | null | undefined) => (text ? supportedInstant(text)?.getTime() : undefined);
	const rolledThrough = Math.max(request.from, instant(bound?.rolled_through) ?? request.from);
	const liveFrom = Math.max(rolledThrough, instant(bound?.live_from) ?? rolledThrough);
	// The same test the statement made, on the same consistent read: the held days before its fold
	// date stand, and the statement returned only the days from that date on.
	const kept = usableRollup(request, heldRollup);
	const keeps =
		kept !== null &&
		bound?.rollup_id === kept.rollupId &&
		typeof bound.folded_through === "string" &&
		bound.folded_through >= kept.foldedThrough;
	const read = rowsOf<RawRolledDay>(rolled).map(rolledFromRaw);
	const days = keeps
		? [...kept.days.filter((day) => day.date >= request.firstDate && day.date < kept.foldDate), ...read]
		: read;
	const foldedThrough = instant(bound?.folded_through);
	return {
		rolledThrough,
		liveFrom,
		rolled: days,
		rollup:
			typeof bound?.rollup_id === "string" && typeof bound.folded_through === "string" && foldedThrough !== undefined
				? {
						timeZone: request.timeZone,
						surfaceIds: JSON.stringify(request.surfaceIds),
						rollupId: bound.rollup_id,
						foldedThrough: bound.folded_through,
						foldDate: localDateAt(request.timeZone, foldedThrough),
						firstDate: request.firstDate,
						days,
					}
				: null,
		changes: changesFromRaw(rowsOf<RawChange>(before), rowsOf<RawChange>(changes), liveFrom),
		incidents: rowsOf<RawIncidentSpan>(incidents)
			.map(spanFromRaw)
			.filter((span): span is IncidentSpan => span !== null),
	};
}

/**
 * Everything a history answer needs, in one round trip (one D1 batch, read replicas allowed); no
 * rows when the data is at `heldVersion`, the version of a report already held.
 */
export async function readUptimeRows(
	reader: PublicReader,
	request: UptimeReadRequest,
	heldVersion: number | null = null,
	heldRollup: HeldRollup | null = null,
): Promise<UptimeRows> {
	const statements = uptimeStatements(reader, request, heldVersion, heldRollup);
	const { version, rows } = await readVersioned(reader, statements, (results) =>
		uptimeRowsOf(results, request, heldRollup),
	);
	return { version, ...rows };
}
