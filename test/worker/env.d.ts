declare namespace Cloudflare {
	interface Env {
		TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
		/** Origin of the stand-in partner status server on 127.0.0.1. */
		PARTNER_SERVER: string;
		/** "1" under `npm run test:stress`. */
		STRESS: string;
		MODEL_SEED: string;
		MODEL_PATH: string;
	}
}

declare module "*?raw" {
	const text: string;
	export default text;
}
