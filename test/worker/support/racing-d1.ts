import { env } from "cloudflare:workers";

/** The real D1, whose session reads run `between` after reading their rows and before returning them. */
export function racingD1(between: () => Promise<void>): D1Database {
	const real = env.DB;
	let pending: (() => Promise<void>) | null = between;
	return {
		prepare: (query: string) => real.prepare(query),
		batch: (statements: D1PreparedStatement[]) => real.batch(statements),
		withSession: (constraint?: D1SessionConstraint) => {
			const session = real.withSession(constraint);
			return {
				prepare: (query: string) => session.prepare(query),
				getBookmark: () => session.getBookmark(),
				batch: async (statements: D1PreparedStatement[]) => {
					const results = await session.batch(statements);
					const run = pending;
					pending = null;
					if (run) await run();
					return results;
				},
			};
		},
	} as unknown as D1Database;
}
