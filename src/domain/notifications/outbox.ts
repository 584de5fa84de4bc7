// The words of the outbox: what an event is about, and where each delivery of it stands.

/** What an event is about: its subject's kind (a test send has none). */
export const EVENT_SUBJECT_KINDS = ["incident", "maintenance", "surface", "test"] as const;
export type EventSubjectKind = (typeof EVENT_SUBJECT_KINDS)[number];

/**
 * pending: due, or waiting for its next attempt; delivered: a 2xx answered it; failed: a final
 * answer (a 4xx), retries exhausted, or its subscriber disabled; nothing is retried from there
 * except by an operator.
 */
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const SUBSCRIBER_NAME_MAX_LENGTH = 80;

/** Subscribers in all: the fan-out of one event reads them all. */
export const MAX_SUBSCRIBERS = 10_000;

/** Failed deliveries in a row after which a subscriber is disabled. */
export const FAILURES_TO_DISABLE = 10;

/**
 * How long the delivery log is kept: deliveries that ended and the events they were for go after
 * this many days (each subject keeps its latest event, so that its numbering goes on).
 */
export const DELIVERY_LOG_DAYS = 30;

/** Rows the cron removes per run, of each: the log shrinks in bounded steps. */
export const PRUNED_PER_RUN = 1_000;
