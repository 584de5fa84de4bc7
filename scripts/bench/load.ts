import type { Miniflare } from "miniflare";
import { type Amplification, measureAmplification } from "./amplification.ts";
import {
	CALM_QUARTER_TRANSITIONS,
	calmQuarterSql,
	FLAPPING_QUARTER_TRANSITIONS,
	HISTORY_SQL,
	OLD_MAINTENANCE_SQL,
	RECENT_MAINTENANCE_SQL,
	RECENT_SQL,
	rebuildRollup,
	TIMELINE_SQL,
} from "./fixtures.ts";
import { type Measurement, measure, measureCached, measurements, type Origins, type Run } from "./measure.ts";
import { type BenchConfig, benchWorker, loopbackRuntime, statusWorker } from "./runtime.ts";
import { amplificationOnly, cachedOnly, connections, rounds, seconds, TOKEN, uncachedOnly } from "./settings.ts";

export type Reads = Record<"surfaces" | "incidents" | "uptime" | "maintenances", Run>;

const UPTIME_90 = "/api/status/public/uptime?days=90";

/**
 * The uncached reads, first on the small database, then after loading the history (which stays
 * loaded for the cached reads after them): the same answers, with and without years of rows.
 */
async function measureUncached(
	origins: Origins,
	uncached: string,
	cached: string,
	db: Awaited<ReturnType<Miniflare["getD1Database"]>>,
	runSql: (statements: string[]) => Promise<void>,
	surfaceIds: string,
): Promise<{ empty: Reads; loaded: Reads }> {
	const d1 = "after one D1 round trip" as const;
	const empty = {
		surfaces: await measure(
			"surfaces, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/surfaces` },
			d1,
		),
		incidents: await measure(
			"incidents, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/incidents` },
			d1,
		),
		uptime: await measure("uptime 90 days, uncached, no history", origins, { url: `${uncached}${UPTIME_90}` }, d1),
		maintenances: await measure(
			"maintenances, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/maintenances` },
			d1,
		),
	};

	console.log("bench: loading the history: 500 surfaces, 1,000,000 audit rows, 50,000 incidents");
	await runSql([...HISTORY_SQL.slice(0, -1), TIMELINE_SQL, OLD_MAINTENANCE_SQL, "ANALYZE"]);
	const counts = await db
		.prepare(
			"SELECT (SELECT count(*) FROM surface_state) AS surfaces, (SELECT count(*) FROM status_audit_log) AS audit, (SELECT count(*) FROM status_incidents) AS incidents, (SELECT count(*) FROM status_incident_events) AS incident_events, (SELECT count(*) FROM status_maintenances) AS maintenances",
		)
		.first();
	console.log(`bench: loaded ${JSON.stringify(counts)}`);
	console.log(`bench: loading ${FLAPPING_QUARTER_TRANSITIONS} transitions of the 24 surfaces in the last 90 days`);
	await db.prepare(calmQuarterSql(FLAPPING_QUARTER_TRANSITIONS)).bind(surfaceIds).run();
	await db.prepare("ANALYZE").run();
	const rebuilt = await rebuildRollup(cached);
	const inWindow = await db
		.prepare("SELECT count(*) AS transitions FROM status_audit_log WHERE created_at >= ?1")
		.bind(new Date(Date.now() - 90 * 86_400_000).toISOString())
		.first();
	console.log(`bench: ${JSON.stringify(inWindow)} in the window; the rollup rebuilt in ${rebuilt}`);

	const loaded = {
		surfaces: await measure("surfaces, uncached", origins, { url: `${uncached}/api/status/public/surfaces` }, d1),
		incidents: await measure("incidents, uncached", origins, { url: `${uncached}/api/status/public/incidents` }, d1),
		uptime: await measure("uptime 90 days, uncached", origins, { url: `${uncached}${UPTIME_90}` }, d1),
		maintenances: await measure(
			"maintenances, uncached",
			origins,
			{ url: `${uncached}/api/status/public/maintenances` },
			d1,
		),
	};
	return { empty, loaded };
}

/** What the load report is made of. */
export interface LoadResults {
	measurements: readonly Measurement[];
	/** The uncached reads without and with the history; null with BENCH_ONLY=cached. */
	uncachedReads: { empty: Reads; loaded: Reads } | null;
	/** A burst of every uptime variant; null with BENCH_ONLY=cached. */
	amplification: Amplification | null;
}

/** Requests per second and latency of every endpoint, against its references. */
export async function measureLoad(config: BenchConfig): Promise<LoadResults> {
	console.log(`bench: ${rounds} rounds of ${seconds} s runs, ${connections} connections, on 127.0.0.1`);
	// A write asks the queue for its fan-out, as in production; no consumer runs here.
	const mf = loopbackRuntime([
		statusWorker(config, "status", { PUBLIC_CACHE_SECONDS: "15" }),
		statusWorker(config, "status-uncached", { PUBLIC_CACHE_SECONDS: "0" }),
		benchWorker(config, "hello", "hello-worker.js"),
		benchWorker(config, "same-answer", "same-answer-worker.js"),
	]);
	try {
		await mf.ready;
		const origin = async (name: string) => (await mf.unsafeGetDirectURL(name)).href.replace(/\/$/, "");
		const cached = await origin("status");
		const uncached = await origin("status-uncached");
		const origins = { hello: await origin("hello"), sameAnswer: await origin("same-answer") };
		const db = await mf.getD1Database("DB", "status");
		const runSql = async (statements: string[]) => {
			for (const statement of statements) await db.prepare(statement).run();
		};

		const seeded = await fetch(`${cached}/api/internal/status/seed-surfaces`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": TOKEN },
		});
		if (seeded.status !== 200) throw new Error(`seeding failed: ${seeded.status} ${await seeded.text()}`);
		await runSql([...RECENT_SQL, TIMELINE_SQL, RECENT_MAINTENANCE_SQL]);
		const board = (await (await fetch(`${cached}/api/status/public/surfaces`)).json()) as {
			surfaces: { id: string }[];
		};
		const surfaceIds = JSON.stringify(board.surfaces.map((surface) => surface.id));
		await db.prepare(calmQuarterSql(CALM_QUARTER_TRANSITIONS)).bind(surfaceIds).run();
		await rebuildRollup(cached);
		if (amplificationOnly) {
			return {
				measurements: [],
				uncachedReads: null,
				amplification: await measureAmplification(cached, db, surfaceIds),
			};
		}

		const d1 = "after one D1 round trip" as const;
		const uncachedReads = cachedOnly ? null : await measureUncached(origins, uncached, cached, db, runSql, surfaceIds);
		// The one snapshot batch behind Statuspage's API and the feeds, on the loaded database.
		if (!cachedOnly) {
			await measure("v2 summary.json, uncached", origins, { url: `${uncached}/api/v2/summary.json` }, d1);
			// The HTML page's one batch (the snapshot and 90 days of every surface), rendered.
			await measure("status page (HTML), uncached", origins, { url: `${uncached}/` }, d1);
		}
		if (uncachedOnly) return { measurements, uncachedReads, amplification: null };
		await measureCached("surfaces, cached", origins, { url: `${cached}/api/status/public/surfaces` });
		await measureCached("incidents, cached", origins, { url: `${cached}/api/status/public/incidents` });
		await measureCached("uptime 90 days, cached", origins, { url: `${cached}${UPTIME_90}` });
		// The same read for one surface (15 KB): at 359 KB the whole page's answer measures the load
		// generator's parsing more than the Worker.
		await measureCached("uptime 90 days, one surface, cached", origins, { url: `${cached}${UPTIME_90}&surface=login` });
		await measureCached("maintenances, cached", origins, { url: `${cached}/api/status/public/maintenances` });
		await measureCached("badge.svg, cached", origins, { url: `${cached}/api/status/public/badge.svg` });
		await measureCached("health, cached", origins, { url: `${cached}/api/status/public/health` });
		// Every other format, cached (the same answer for every request, as a poller sees it).
		for (const [name, path] of [
			["one surface's badge.svg, cached", "/api/status/public/surfaces/login/badge.svg"],
			["one surface's shields.json, cached", "/api/status/public/surfaces/login/shields.json"],
			["v2 summary.json, cached", "/api/v2/summary.json"],
			["v2 status.json, cached", "/api/v2/status.json"],
			["v2 incidents.json, cached", "/api/v2/incidents.json"],
			["v2 scheduled-maintenances.json, cached", "/api/v2/scheduled-maintenances.json"],
			["feed.atom, cached", "/api/status/public/feed.atom"],
			["feed.rss, cached", "/api/status/public/feed.rss"],
		] as const) {
			await measureCached(name, origins, { url: `${cached}${path}` });
		}
		const oneIncident = (await (await fetch(`${cached}/api/status/public/incidents`)).json()) as {
			incidents: { id: string }[];
		};
		await measureCached("one incident, cached", origins, {
			url: `${cached}/api/status/public/incidents/${oneIncident.incidents[0]?.id ?? "inc_00001"}`,
		});
		// The HTML page and an incident's page, as browsers (and their refresh) read them.
		await measureCached("status page (HTML), cached", origins, { url: `${cached}/` });
		await measureCached("incident page (HTML), cached", origins, {
			url: `${cached}/incidents/${oneIncident.incidents[0]?.id ?? "inc_00001"}`,
		});
		await measureCached("market-time", origins, { url: `${cached}/api/status/public/widgets/market-time` });
		await measureCached("market-calendar, a month", origins, {
			url: `${cached}/api/status/public/widgets/market-calendar?start=2026-12-01&end=2026-12-31`,
		});
		if (!cachedOnly)
			await measure(
				"update-surface",
				origins,
				{
					url: `${cached}/api/internal/status/update-surface`,
					method: "POST",
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
					bodies: ["DEGRADED", "OPERATIONAL"].map((state) =>
						JSON.stringify({ surface_id: "charts", state, state_source: "manual", actor: "bench" }),
					),
				},
				null,
			);

		const failures = measurements.filter((m) => m.errors > 0 && m.name !== "update-surface");
		if (failures.length > 0) throw new Error(`errors under load: ${failures.map((m) => m.name).join(", ")}`);
		// Last, since its rows stay: the live part of the history then reaches the bound.
		const amplification = cachedOnly ? null : await measureAmplification(cached, db, surfaceIds);
		return { measurements, uncachedReads, amplification };
	} finally {
		await mf.dispose();
	}
}
