/** Property test runs in Node: `ci` in the normal suite, `stress` under `npm run test:stress`. */
export function runs(ci: number, stress: number): number {
	return process.env.STATUS_STRESS === "1" ? stress : ci;
}
