import { is, SQL } from "drizzle-orm";
import { type DrizzleD1Database, drizzle } from "drizzle-orm/d1";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";

export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database | D1DatabaseSession };

export function createDb(d1: D1Database | D1DatabaseSession): Db {
	return drizzle(d1 as D1Database, { schema }) as Db;
}

const dialect = new SQLiteSyncDialect();

interface Compilable {
	toSQL(): { sql: string; params: unknown[] };
}

/**
 * One statement for a D1 batch. Drizzle builds the SQL; the batch itself goes straight to D1,
 * because drizzle's D1 batch cannot carry a parameterised raw `sql` statement (INSERT ... SELECT).
 */
export function statement(db: Db, query: SQL | Compilable): D1PreparedStatement {
	const { sql, params } = is(query, SQL) ? dialect.sqlToQuery(query) : query.toSQL();
	return db.$client.prepare(sql).bind(...params);
}
