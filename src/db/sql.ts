// Every statement in src/db is SQL text written here and prepared on D1, its rows decoded by typed
// functions whose types derive from the Drizzle tables (schema.ts: RawRow). The public reads are
// constants: they run before the router in a new isolate, which evaluates no query builder. The
// writes compose theirs with `sql` below (holds and guards are fragments shared by several writes).
// drizzle-orm is the schema, for drizzle-kit's migrations; it is never evaluated at run time.

/** A value D1 binds to a `?`. */
export type SqlValue = string | number | null;

/**
 * SQL text with the values it binds, composed from parts; `T` is the type of the value it computes
 * when used as an expression.
 */
export interface SQL<T = unknown> {
	readonly text: string;
	readonly params: readonly SqlValue[];
	/** Type only: what the expression computes. */
	readonly __type?: T;
}

/** The database that writes go to (the primary). */
export type Db = D1Database;

function isSql(value: SqlValue | SQL): value is SQL {
	return typeof value === "object" && value !== null;
}

function compose<T>(texts: readonly string[], values: readonly (SqlValue | SQL)[]): SQL<T> {
	let text = texts[0] ?? "";
	const params: SqlValue[] = [];
	values.forEach((value, index) => {
		if (isSql(value)) {
			text += value.text;
			params.push(...value.params);
		} else {
			text += "?";
			params.push(value);
		}
		text += texts[index + 1] ?? "";
	});
	return { text, params };
}

/** SQL text written here; each `${value}` is bound as a parameter, each `${sql`...`}` is inlined with its own. */
export function sql<T = unknown>(strings: TemplateStringsArray, ...values: (SqlValue | SQL)[]): SQL<T> {
	return compose<T>(strings, values);
}

/** The parts, with `separator` between them. */
sql.join = (parts: readonly SQL[], separator: SQL): SQL => {
	const values = parts.flatMap((part, index) => (index === 0 ? [part] : [separator, part]));
	return compose(["", ...values.map(() => "")], values);
};

/** The statement D1 runs for `query`, alone or in a batch. */
export function statement(db: D1Database | D1DatabaseSession, query: SQL): D1PreparedStatement {
	return db.prepare(query.text).bind(...query.params);
}
