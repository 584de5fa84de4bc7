/** Secrets the worker tests run with; they never come from .dev.vars, so a clean clone tests alike. */
export const TEST_SECRETS = {
	STATUS_INTERNAL_WRITE_TOKEN: "test-internal-token-current",
	STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS: "test-internal-token-previous",
	FREESCOUT_WEBHOOK_SECRET: "test-freescout-secret-current",
	FREESCOUT_WEBHOOK_SECRET_PREVIOUS: "test-freescout-secret-previous",
	SUBSCRIPTION_LINK_KEY: "test-subscription-link-key",
	// Empty: Turnstile off, as in local development; the Turnstile tests set their own.
	TURNSTILE_SECRET_KEY: "",
};
