import { describe, expect, it } from "vitest";
import { SharedBuild, type VersionedValue } from "../../src/public-cache/shared-builds";

// A request that waits for a build another request started must be handed a promise it made
// itself: workerd settles a promise another request made in that request's I/O context, and
// the waiter's rest (the Response it makes) would belong to the builder (a plain 500 under load,
// test/node/concurrent-reads.test.ts). Only workerd shows the context; here, that the promise is
// the waiter's own and settles as the build does.

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

describe("SharedBuild: a build in flight", () => {
	it("is built once, and each waiter gets a promise of its own that settles with its value", async () => {
		const shared = new SharedBuild<string>();
		const build = deferred<VersionedValue<string>>();
		let builds = 0;
		const start = () => {
			builds += 1;
			return build.promise;
		};
		const kept: Promise<unknown>[] = [];
		const first = shared.get("k", null, start, (settled) => kept.push(settled));
		const second = shared.get("k", null, start, (settled) => kept.push(settled));
		const third = shared.get("k", null, start, (settled) => kept.push(settled));
		expect(builds).toBe(1);
		expect(second).not.toBe(first);
		expect(third).not.toBe(second);
		build.resolve({ version: 7, value: "report" });
		for (const read of [first, second, third]) await expect(read).resolves.toEqual({ version: 7, value: "report" });
		await Promise.all(kept);
		expect(shared.current("k", 7)).toEqual({ version: 7, value: "report" });
	});

	it("rejects every waiter when the build fails", async () => {
		const shared = new SharedBuild<string>();
		const build = deferred<VersionedValue<string>>();
		const first = shared.get(
			"k",
			null,
			() => build.promise,
			() => {},
		);
		const second = shared.get(
			"k",
			null,
			() => build.promise,
			() => {},
		);
		build.reject(new Error("D1 down"));
		await expect(first).rejects.toThrow("D1 down");
		await expect(second).rejects.toThrow("D1 down");
	});
});
