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
	 * take it down with it, leaving them waiting for ever.
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
		if (pending) return pending;
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
