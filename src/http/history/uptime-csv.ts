import type { MonthlyUptimeReport } from "../../verbs/read-history";
import { formatPercent } from "../page/words";

/** The CSV's columns, in order: what each surface's month is (docs/api.md, "Monthly uptime as CSV"). */
export const UPTIME_CSV_COLUMNS = [
	"surface_id",
	"surface",
	"group",
	"month",
	"uptime_percent",
	"operational_ms",
	"degraded_ms",
	"partial_ms",
	"down_ms",
	"maintenance_ms",
	"no_data_ms",
	"partial_data",
] as const;

/**
 * One field as RFC 4180 writes it: quoted (its quotes doubled) when it holds a comma, a quote or a
 * line break, else as it is.
 */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const line = (fields: readonly string[]) => `${fields.map(csvField).join(",")}\r\n`;

/**
 * Each surface's months, newest first, in the registry's order: the uptime as the history page
 * shows it (a percentage cut to two decimals; empty without data) and the milliseconds it is
 * computed from. Lines end in CRLF (RFC 4180).
 */
export function monthlyUptimeCsv(report: MonthlyUptimeReport): string {
	const rows = report.surfaces.flatMap((surface) =>
		[...surface.months]
			.reverse()
			.map((month) =>
				line([
					surface.id,
					surface.name,
					surface.group,
					month.month,
					month.uptime === null ? "" : formatPercent(month.uptime),
					String(month.ms.OPERATIONAL),
					String(month.ms.DEGRADED),
					String(month.ms.PARTIAL),
					String(month.ms.DOWN),
					String(month.ms.MAINTENANCE),
					String(month.ms.UNKNOWN),
					month.partialData ? "true" : "false",
				]),
			),
	);
	return [line(UPTIME_CSV_COLUMNS), ...rows].join("");
}
