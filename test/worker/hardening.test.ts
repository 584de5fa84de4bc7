import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SECURITY_HEADERS } from "../../src/http/security-headers";
import { INTERNAL_PATHS, idPath, PUBLIC_PATHS } from "../../src/paths";
import { TEST_SECRETS } from "../test-secrets";
import { relaySignature, WEBHOOK_PATH } from "./support/freescout";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "./support/http";
import { clearTables, EMPTY_TABLES, readTables } from "./support/tables";

beforeEach(clearTables);
afterEach(() => {
	vi.restoreAllMocks();
});

const body = { surface_id: "charts", state: "DEGRADED", state_source: "manual", actor: "ops" };

const writeFrom = (ip: string, token: string) =>
	call(INTERNAL_PATHS.updateSurface, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": token, "CF-Connecting-IP": ip },
		body: JSON.stringify(body),
	});

/**
 * Miniflare's rate-limit windows are whole minutes of the wall clock: a burst that crosses a
 * minute's end is counted in two windows. Waits, when needed, so that `needed` ms fit in this one.
 */
async function withinOneWindow(needed: number): Promise<void> {
	const left = 60_000 - (Date.now() % 60_000);
	if (left < needed) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

describe("failed authentication is rate-limited (Workers Rate Limiting binding)", () => {
	it("ten failures a minute per client, then 429 with Retry-After; others and good tokens are unaffected", async () => {
		await withinOneWindow(25_000);
		const attacker = `203.0.113.${Math.floor(Math.random() * 250)}`;
		for (let attempt = 0; attempt < 10; attempt += 1) {
			await expectProblem(await writeFrom(attacker, `guess-${attempt}`), 401, "unauthorized");
		}
		const limited = await writeFrom(attacker, "guess-10");
		await expectProblem(limited, 429, "too_many_requests");
		expect(limited.headers.get("Retry-After")).toBe("60");

		await expectProblem(await writeFrom("198.51.100.7", "guess"), 401, "unauthorized");
		expect((await writeFrom(attacker, CURRENT_TOKEN)).status).toBe(200);
		// The webhook's failed signatures count against the same client.
		const webhook = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				"X-FreeScout-Signature": "sha256=00",
				"CF-Connecting-IP": attacker,
			},
			body: "{}",
		});
		await expectProblem(webhook, 429, "too_many_requests");
	}, 90_000);
});

describe("secrets stay secret", () => {
	it("never logs or echoes a token, a secret or a signature, presented or configured", async () => {
		const logged: string[] = [];
		for (const method of ["log", "warn", "error", "info", "debug"] as const) {
			vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				logged.push(args.map(String).join(" "));
			});
		}
		const presented = "presented-token-0123456789";
		const answers: string[] = [];
		answers.push(await (await updateSurface(body, { token: presented })).text());
		answers.push(await (await updateSurface(body)).text());
		const payload = JSON.stringify({
			event: "x",
			ticket: { id: 1, status: "open", updated_at: "2026-11-26T08:00:00Z" },
		});
		const signature = await relaySignature(payload);
		for (const headers of [
			{ "X-FreeScout-Signature": signature },
			{ "X-FreeScout-Signature": `${signature.slice(0, -2)}00` },
		]) {
			const response = await call(WEBHOOK_PATH, {
				method: "POST",
				headers: { "Content-Type": "application/json", ...headers },
				body: payload,
			});
			answers.push(await response.text(), JSON.stringify([...response.headers]));
		}
		const everything = [...logged, ...answers].join("\n");
		for (const secret of [presented, signature.slice(7), ...Object.values(TEST_SECRETS).filter(Boolean)]) {
			expect(everything).not.toContain(secret);
		}
	});
});

describe("headers", () => {
	it("sends the same security headers on every answer, routed or served before routing", async () => {
		const answers = [
			await call(PUBLIC_PATHS.surfaces),
			await call(PUBLIC_PATHS.surfaces), // the isolate's copy
			await call(PUBLIC_PATHS.marketTime), // answered before routing
			await call(`${PUBLIC_PATHS.marketTime}?at=2026-11-27T15:00:00Z`),
			await call("/api/status/public/nowhere"),
			await updateSurface(body, { token: "wrong" }),
			await updateSurface(body),
		];
		for (const response of answers) {
			for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
			// Page headers with no effect on a JSON answer (src/http/security-headers.ts says why).
			for (const name of ["X-Frame-Options", "Referrer-Policy", "Cross-Origin-Resource-Policy"]) {
				expect(response.headers.get(name)).toBeNull();
			}
			await response.body?.cancel();
		}
		expect(SECURITY_HEADERS["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
		expect(SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
	});

	it("allows cross-origin reads of public GET/HEAD/OPTIONS only", async () => {
		const origin = { Origin: "https://elsewhere.example" };
		const publicRead = await call(PUBLIC_PATHS.incidents, { headers: origin });
		expect(publicRead.headers.get("Access-Control-Allow-Origin")).toBe("*");
		await publicRead.body?.cancel();

		const internal = await updateSurface(body, { token: "wrong" });
		expect(internal.headers.get("Access-Control-Allow-Origin")).toBeNull();
		await internal.body?.cancel();
		const preflight = await call(INTERNAL_PATHS.updateSurface, {
			method: "OPTIONS",
			headers: { ...origin, "Access-Control-Request-Method": "POST" },
		});
		expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
		await preflight.body?.cancel();
		const publicWrite = await call(PUBLIC_PATHS.surfaces, { method: "POST", headers: origin });
		expect(publicWrite.status).toBe(405);
		expect(publicWrite.headers.get("Content-Type")).toBe("application/problem+json");
		await publicWrite.body?.cancel();
	});
});

describe("every write route caps its body, chunked or not", () => {
	const chunked = (bytes: number) =>
		new ReadableStream<Uint8Array>({
			start(controller) {
				for (let sent = 0; sent < bytes; sent += 4096)
					controller.enqueue(new Uint8Array(Math.min(4096, bytes - sent)).fill(0x7b));
				controller.close();
			},
		});
	const routes: [string, number][] = [
		[INTERNAL_PATHS.updateSurface, 16 * 1024],
		[INTERNAL_PATHS.seedSurfaces, 1024],
		[INTERNAL_PATHS.runJobs, 1024],
		[INTERNAL_PATHS.subscribers, 16 * 1024],
		[idPath(INTERNAL_PATHS.deliveryRetry, "msg_x"), 1024],
		[WEBHOOK_PATH, 512 * 1024],
	];
	for (const [path, limit] of routes) {
		it(`${path}: at most ${limit} bytes`, async () => {
			for (const payload of [new Uint8Array(limit + 1).fill(0x7b), chunked(limit + 1)]) {
				const response = await call(path, {
					method: "POST",
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
					body: payload,
				});
				await expectProblem(response, 413, "payload_too_large");
			}
			expect(await readTables()).toEqual(EMPTY_TABLES);
		});
	}
});
