/**
 * A thin wrapper around the real D1 binding that counts round trips: each batch() is one, and so
 * is each run/all/first/raw of a statement outside a batch, whether sent to the primary or through
 * a session (withSession: what read replicas may serve). It can inject D1 faults: fail the next
 * batches (where a write would commit) or every query.
 */
export interface D1Probe {
	db: D1Database;
	roundTrips: number;
	/** The round trips among them sent through a session, and the constraints sessions began with. */
	sessionRoundTrips: number;
	sessionConstraints: (string | undefined)[];
	batches: number;
	failNextBatches: number;
	failEveryQuery: boolean;
	/** Appended to the next batch: a statement that fails after the write's own statements ran. */
	appendToNextBatch: D1PreparedStatement | null;
	/** Every statement prepared through the wrapper, with its bound values (and, once sent in a batch, the rows it returned). */
	statements: { sql: string; params: unknown[]; rows?: number }[];
	/** Rows D1 reports having read (meta.rows_read) for the batches sent through the wrapper. */
	rowsRead: number;
}

const injectedFailure = () => new Error("D1_ERROR: injected failure: Network connection lost.");

export function countingD1(real: D1Database): D1Probe {
	const probe: D1Probe = {
		db: real,
		roundTrips: 0,
		sessionRoundTrips: 0,
		sessionConstraints: [],
		batches: 0,
		failNextBatches: 0,
		failEveryQuery: false,
		appendToNextBatch: null,
		statements: [],
		rowsRead: 0,
	};
	const counter = (viaSession: boolean) => {
		return async <T>(run: () => Promise<T>): Promise<T> => {
			probe.roundTrips += 1;
			if (viaSession) probe.sessionRoundTrips += 1;
			if (probe.failEveryQuery) throw injectedFailure();
			return run();
		};
	};
	const records = new WeakMap<D1PreparedStatement, D1Probe["statements"][number]>();
	const unwrap = (statement: D1PreparedStatement) =>
		(statement as D1PreparedStatement & { real?: D1PreparedStatement }).real ?? statement;
	const wrapDatabase = (viaSession: boolean): D1Database => {
		const counted = counter(viaSession);
		const wrapStatement = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
			const wrapped = Object.create(statement) as D1PreparedStatement & { real: D1PreparedStatement };
			wrapped.real = statement;
			wrapped.bind = (...values: unknown[]) => {
				const record = { sql, params: values };
				probe.statements.push(record);
				const bound = wrapStatement(statement.bind(...values), sql);
				records.set(bound, record);
				return bound;
			};
			wrapped.run = () => counted(() => statement.run());
			wrapped.all = () => counted(() => statement.all());
			wrapped.first = ((column?: string) =>
				counted(() =>
					column === undefined ? statement.first() : statement.first(column),
				)) as D1PreparedStatement["first"];
			wrapped.raw = ((options?: { columnNames?: boolean }) =>
				counted(() => statement.raw(options as { columnNames: true }))) as D1PreparedStatement["raw"];
			return wrapped;
		};
		return {
			prepare: (query: string) => wrapStatement(real.prepare(query), query),
			batch: <T>(statements: D1PreparedStatement[]) =>
				counted(async () => {
					probe.batches += 1;
					if (probe.failNextBatches > 0) {
						probe.failNextBatches -= 1;
						throw injectedFailure();
					}
					const appended = probe.appendToNextBatch;
					probe.appendToNextBatch = null;
					const results = await real.batch<T>([...statements.map(unwrap), ...(appended ? [appended] : [])]);
					for (const [index, result] of results.entries()) {
						probe.rowsRead += result.meta.rows_read ?? 0;
						const record = records.get(statements[index] as D1PreparedStatement);
						if (record) record.rows = result.results.length;
					}
					return results;
				}),
			exec: (query: string) => counted(() => real.exec(query)),
			dump: () => real.dump(),
			withSession: (constraint?: string) => {
				probe.sessionConstraints.push(constraint);
				return { ...wrapDatabase(true), getBookmark: () => null } as unknown as D1DatabaseSession;
			},
		} as D1Database;
	};
	probe.db = wrapDatabase(false);
	return probe;
}
