import { describe, expect, it } from "vitest";
import { boundedMemo } from "../../src/lib/bounded-memo";

describe("a bounded memo", () => {
	it("computes each key once, keeps at most its bound, and forgets the least recently used first", () => {
		const computed: string[] = [];
		const square = boundedMemo(
			2,
			(value: number) => String(value),
			(value: number) => {
				computed.push(String(value));
				return value * value;
			},
		);
		expect([square(2), square(2), square(3)]).toEqual([4, 4, 9]);
		expect(computed).toEqual(["2", "3"]);
		square(2); // 2 is now the most recently used: 3 goes when 4 comes
		square(4);
		square(2);
		expect(computed).toEqual(["2", "3", "4"]);
		square(3);
		expect(computed).toEqual(["2", "3", "4", "3"]);
	});

	it("remembers an undefined result as a result", () => {
		let calls = 0;
		const nothing = boundedMemo(
			4,
			(key: string) => key,
			(_key: string): undefined => {
				calls += 1;
				return undefined;
			},
		);
		nothing("a");
		nothing("a");
		expect(calls).toBe(1);
	});
});
