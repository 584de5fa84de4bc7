import { roundTrip } from "./round-trip";
import type { Db } from "./sql";

/** Statements to run inside a D1 batch, and how to read their results back. */
export interface BatchPlan<T> {
	statements: D1PreparedStatement[];
	read(results: D1Result[]): T;
}

type Results<Plans extends readonly BatchPlan<unknown>[]> = {
	[Index in keyof Plans]: Plans[Index] extends BatchPlan<infer T> ? T : never;
};

/**
 * Runs plans together as one D1 batch: one round trip, one transaction (D1 has no other), so
 * they commit together or not at all.
 */
export async function runBatch<const Plans extends readonly BatchPlan<unknown>[]>(
	db: Db,
	...plans: Plans
): Promise<Results<Plans>> {
	const results = await roundTrip(() => db.batch(plans.flatMap((plan) => plan.statements)));
	let offset = 0;
	return plans.map((plan) => {
		const own = results.slice(offset, offset + plan.statements.length);
		offset += plan.statements.length;
		return plan.read(own);
	}) as Results<Plans>;
}
