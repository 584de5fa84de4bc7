/**
 * A pure function's results, remembered under a key of its arguments: at most `max` of them, the
 * least recently used forgotten first (a Map keeps insertion order). For the calendar work every
 * page and history answer repeats for the same instants and days.
 */
export function boundedMemo<A extends unknown[], R>(
	max: number,
	keyOf: (...args: A) => string,
	compute: (...args: A) => R,
): (...args: A) => R {
	const remembered = new Map<string, R>();
	return (...args: A): R => {
		const key = keyOf(...args);
		const known = remembered.get(key);
		if (known !== undefined || remembered.has(key)) {
			remembered.delete(key);
			remembered.set(key, known as R);
			return known as R;
		}
		const result = compute(...args);
		if (remembered.size >= max) {
			const leastRecent = remembered.keys().next();
			if (!leastRecent.done) remembered.delete(leastRecent.value);
		}
		remembered.set(key, result);
		return result;
	};
}
