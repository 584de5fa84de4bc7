// Self-service subscriptions: what a person may ask for, and the bounds that keep the public endpoint from
// being used to fill the database or to mail or POST to someone else.

/** What a person subscribes with: an email address, or a webhook URL (a generic Standard Webhooks body). */
export const SUBSCRIPTION_KINDS = ["email", "webhook"] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

/** How long a confirm link works; an unconfirmed request is deleted after it. */
export const CONFIRMATION_VALID_MS = 24 * 60 * 60 * 1000;

/** Unconfirmed requests of one address, at most (one confirmation each, once per CONFIRMATION_VALID_MS). */
export const MAX_PENDING_PER_ADDRESS = 3;

/** Unconfirmed requests in all, at most. */
export const MAX_PENDING_TOTAL = 10_000;

/**
 * Confirmed self-service subscribers, at most: counted apart from operators' (MAX_SUBSCRIBERS), so
 * that subscriptions from outside can never take the places operators' subscribers need.
 */
export const MAX_SELF_SERVICE_SUBSCRIBERS = 10_000;
