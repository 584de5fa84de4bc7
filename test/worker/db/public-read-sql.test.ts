import { eq, inArray, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { DATA_VERSION_SQL } from "../../../src/db/data-version";
import { RECENT_INCIDENTS_SQL } from "../../../src/db/incidents/reads";
import { statusVersion, surfaceState } from "../../../src/db/schema";
import { SURFACE_STATES_SQL } from "../../../src/db/surfaces/reads";
import { selectRecentIncidents } from "../support/recent-incidents-query";

/** Drizzle's placeholders as the constants write them: `{ name }`. */
const compiled = (query: { toSQL(): { sql: string; params: unknown[] } }) => {
	const { sql: text, params } = query.toSQL();
	return {
		sql: text,
		params: params.map((param) =>
			typeof param === "object" && param !== null && "name" in param
				? { name: (param as { name: string }).name }
				: param,
		),
	};
};

describe("the public reads' SQL kept as text", () => {
	it("is exactly what Drizzle compiles from the schema, parameters included", () => {
		const qb = new QueryBuilder();
		expect(DATA_VERSION_SQL).toEqual(
			compiled(qb.select({ version: statusVersion.version }).from(statusVersion).where(eq(statusVersion.id, 1))),
		);
		expect(SURFACE_STATES_SQL).toEqual(
			compiled(
				qb
					.select()
					.from(surfaceState)
					.where(inArray(surfaceState.surfaceId, sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`)),
			),
		);
		expect(RECENT_INCIDENTS_SQL).toEqual(
			compiled(selectRecentIncidents(sql.placeholder("since"), sql.placeholder("limit"))),
		);
	});
});
