import { env } from "cloudflare:workers";

/** Property test runs: `ci` in the normal suite, `stress` under `npm run test:stress`. */
export function runs(ci: number, stress: number): number {
	return env.STRESS === "1" ? stress : ci;
}
