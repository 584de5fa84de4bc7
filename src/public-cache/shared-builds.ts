/**
 * A value many public reads are cut from (the 90-day report of every surface), built once in this
 * isolate and shared: by every read that asks while one build is in flight, and afterwards by the
 * reads that know the data version is still the one it was built at (the Cache API's generation
 * says so). A build is handed the value held under the same key, whatever its version, so that
 * it can keep it when the data has not changed. Writes in this isolate forget every shared build,
 * as they forget the isolate's copies.
 */
export interface VersionedValue<T> {
	version: number;
	value: T;
}

const sharedBuilds = new Set<SharedBuild<unknown>>();

/**
 * `shared` (a promise another request made and settles) as a promise made by the calling request.
 * workerd runs a promise's continuations in the I/O context of the request that settles it, unless
 * it was made by another request: then it settles it in that request's context. Awaited directly,
 * a build in flight would run each waiting request's rest in the building request's context, and
 * the Response it makes would belong to that request: workerd then fails to send its body ("Cannot
 * perform I/O on behalf of a different request", a plain 500), as it did to uptime reads under
 * load with the caches off.
 */
export function ownPromise<T>(shared: Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		shared.then(resolve, reject);
	});
}

export class SharedBuild<T> {
	private latest: { key: string; built: VersionedValue<T> } | null = null;
	private readonly inFlight = new Map<string, Promise<VersionedValue<T>>>();

	constructor() {
		sharedBuilds.add(this);
	}

	/** The latest value under `key`, whatever version it was built at, else null. */
	held(key: string): VersionedValue<T> | null {
		return this.latest?.key === key ? this.latest.built : null;
	}

	/** The value under `key` if one was built at `knownVersion`, else null. */
	current(key: string, knownVersion: number | null): VersionedValue<T> | null {
		const latest = this.latest;
		return latest && latest.key === key && knownVersion !== null && latest.built.version === knownVersion
			? latest.built
			: null;
	}

	/**
	 * The value under `key` (what it depends on besides the data: the zone, the minute), built by
	 * `build` unless it is in flight, or was built at `knownVersion` (null: the version is not known,
	 * so only a build in flight is shared). A build is handed to `keepAlive` (the starting request's
	 * waitUntil): other requests wait for it, and a request whose client went away would otherwise
	 * take it down with it, leaving them waiting for ever. A request that waits for another's build
	 * gets a promise of its own (ownPromise).
	 */
	get(
		key: string,
		knownVersion: number | null,
		build: (held: VersionedValue<T> | null) => Promise<VersionedValue<T>>,
		keepAlive: (settled: Promise<unknown>) => void,
	): Promise<VersionedValue<T>> {
		const current = this.current(key, knownVersion);
		if (current) return Promise.resolve(current);
		const pending = this.inFlight.get(key);
		if (pending) return ownPromise(pending);
		const started = build(this.held(key)).then((built) => {
			// Kept only if no write in this isolate forgot the builds meanwhile.
			if (this.inFlight.get(key) === started) this.latest = { key, built };
			return built;
		});
		this.inFlight.set(key, started);
		const settle = () => {
			if (this.inFlight.get(key) === started) this.inFlight.delete(key);
		};
		keepAlive(started.then(settle, settle));
		return started;
	}

	/** Offers a value built elsewhere (a read that built the same thing with more), unless one of a later version is held. */
	offer(key: string, built: VersionedValue<T>): void {
		if (!this.latest || this.latest.key !== key || this.latest.built.version <= built.version) {
			this.latest = { key, built };
		}
	}

	forget(): void {
		this.latest = null;
		this.inFlight.clear();
	}
}

/** After a write in this isolate: no read may be cut from a value built before it. */
export function forgetSharedBuilds(): void {
	for (const build of sharedBuilds) build.forget();
}
