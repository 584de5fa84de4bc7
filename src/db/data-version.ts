import type { RawRow, statusVersion } from "./schema";

// The public data version (status_version: bumped by triggers on every public change) and the
// reads stamped with it. Everything here and in the public reads it serves is SQL text prepared on
// D1, so that a new isolate answers a public read without evaluating any query builder.

/** Where the public reads run: the primary, or a D1 session that read replicas may serve. */
export type PublicReader = D1Database | D1DatabaseSession;

/** What a public read returns: its rows, and the data version they were read at. */
export interface Versioned<T> {
	version: number;
	rows: T;
}

/** A query kept as text: its SQL and its parameters, where `{ name }` stands for a value given at run time. */
export interface CompiledQuery {
	sql: string;
	params: readonly (string | number | { name: string })[];
}

/** The statement of `query`, its `{ name }` parameters taken from `values`. */
export function bound(
	reader: PublicReader,
	query: CompiledQuery,
	values: Record<string, unknown> = {},
): D1PreparedStatement {
	const params = query.params.map((param) => (typeof param === "object" ? values[param.name] : param));
	return reader.prepare(query.sql).bind(...params);
}

/** The version's one statement, exactly as Drizzle compiles it from src/db/schema.ts (test/worker/db/public-read-sql.test.ts). */
export const DATA_VERSION_SQL = {
	sql: `select "version" from "status_version" where "status_version"."id" = ?`,
	params: [1],
} as const satisfies CompiledQuery;

/** The data version's one statement: the only place it is read. */
function versionStatement(reader: PublicReader): D1PreparedStatement {
	return bound(reader, DATA_VERSION_SQL);
}

function versionOf(result: D1Result | undefined): number {
	return (result?.results[0] as Pick<RawRow<typeof statusVersion>, "version"> | undefined)?.version ?? 0;
}

/**
 * Runs `statements` in one D1 batch after the data version's statement - one round trip, one
 * consistent read - and decodes their results (in the order given).
 */
export async function readVersioned<T>(
	reader: PublicReader,
	statements: readonly D1PreparedStatement[],
	decode: (results: D1Result[]) => T,
): Promise<Versioned<T>> {
	const [version, ...results] = await reader.batch([versionStatement(reader), ...statements]);
	return { version: versionOf(version), rows: decode(results) };
}

/** The public data version alone, as the primary has it now: one round trip. */
export async function readPublicVersion(db: D1Database): Promise<number> {
	return versionOf(await versionStatement(db).all());
}
