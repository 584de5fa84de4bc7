import type { StorageUnavailableError, WriteContentionError } from "../db/errors";
import type { DomainErrorCode } from "../domain/errors";

export type ProblemCode =
	| DomainErrorCode
	| StorageUnavailableError["code"]
	| WriteContentionError["code"]
	| "malformed_json"
	| "validation_failed"
	| "invalid_query"
	| "unauthorized"
	| "too_many_requests"
	| "rate_limited"
	| "turnstile_failed"
	| "cross_site_form"
	| "turnstile_unavailable"
	| "not_found"
	| "link_expired"
	| "method_not_allowed"
	| "payload_too_large"
	| "unsupported_media_type"
	| "internal_error";

/** Where in a request a problem is: OpenAPI's parameter locations, and the body. */
export type InputLocation = "body" | "query" | "path" | "header";

export interface ProblemFieldError {
	in: InputLocation;
	/** The field within `in` (a dotted path in the body), or `(body)`, `(query)`... for the whole of it. */
	path: string;
	message: string;
}

/** RFC 9457 problem details, as every non-2xx answer carries them. */
export interface Problem {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: ProblemCode;
	errors?: ProblemFieldError[];
}

const TITLES: Record<ProblemCode, string> = {
	malformed_json: "Malformed JSON body",
	validation_failed: "Request failed validation",
	invalid_query: "Query parameters failed validation",
	unauthorized: "Authentication required",
	too_many_requests: "Too many failed authentications",
	rate_limited: "Too many requests",
	turnstile_failed: "Turnstile challenge not passed",
	cross_site_form: "Form posted from another site",
	turnstile_unavailable: "Turnstile verification unavailable",
	not_found: "Not found",
	link_expired: "Link no longer valid",
	method_not_allowed: "Method not allowed",
	payload_too_large: "Request body too large",
	unsupported_media_type: "Unsupported content type",
	unknown_surface: "Unknown surface",
	unknown_severity: "Unknown incident severity",
	unknown_incident_status: "Unknown incident status",
	maintenance_until_not_in_future: "Maintenance window already over",
	invalid_public_text: "Public text breaks the public-text rules",
	instant_out_of_range: "Instant outside the supported range",
	instant_in_future: "Instant past the Worker's clock",
	created_after_updated: "Created after its update",
	maintenance_too_far_ahead: "Maintenance announced too far ahead",
	maintenance_started: "Maintenance window already started",
	maintenance_over: "Maintenance window already over",
	maintenance_cancelled: "Maintenance window cancelled",
	too_many_maintenances: "Too many open maintenance windows",
	too_many_subscribers: "Too many subscribers",
	invalid_subscriber_url: "Not a URL notifications may be sent to",
	not_a_webhook_subscriber: "Only webhook subscribers have a signing secret",
	already_delivered: "Delivery already delivered",
	invalid_email_address: "Not an email address notifications may be sent to",
	subscriptions_full: "Too many subscriptions waiting for confirmation",
	storage_unavailable: "Status database unavailable",
	write_contention: "Concurrent writes of the same resource",
	internal_error: "Internal error",
};

export const STATUS_OF: Record<ProblemCode, number> = {
	malformed_json: 400,
	validation_failed: 400,
	invalid_query: 400,
	unauthorized: 401,
	too_many_requests: 429,
	rate_limited: 429,
	turnstile_failed: 403,
	cross_site_form: 403,
	turnstile_unavailable: 503,
	not_found: 404,
	link_expired: 410,
	method_not_allowed: 405,
	payload_too_large: 413,
	unsupported_media_type: 415,
	unknown_surface: 422,
	unknown_severity: 422,
	unknown_incident_status: 422,
	maintenance_until_not_in_future: 422,
	invalid_public_text: 422,
	instant_out_of_range: 422,
	instant_in_future: 422,
	created_after_updated: 422,
	maintenance_too_far_ahead: 422,
	maintenance_started: 409,
	maintenance_over: 409,
	maintenance_cancelled: 409,
	too_many_maintenances: 422,
	too_many_subscribers: 422,
	invalid_subscriber_url: 422,
	not_a_webhook_subscriber: 422,
	already_delivered: 409,
	invalid_email_address: 422,
	subscriptions_full: 503,
	storage_unavailable: 503,
	write_contention: 503,
	internal_error: 500,
};

/** Seconds a client should wait before retrying a transient storage failure. */
export const RETRY_AFTER_SECONDS = 5;
/** Seconds a writer that lost to concurrent writes of the same resource should wait: they are over fast. */
export const CONTENTION_RETRY_AFTER_SECONDS = 1;
/** Seconds until the failed-authentication limiter's window (wrangler.toml, period 60) is over. */
export const AUTH_RETRY_AFTER_SECONDS = 60;
/** Seconds a subscriber should wait when the pending subscriptions are full: the cron frees expired ones each minute. */
export const SUBSCRIPTIONS_FULL_RETRY_AFTER_SECONDS = 3600;

/** Seconds until the subscribe limiters' windows (wrangler.toml, period 60) are over. */
export const RATE_LIMIT_RETRY_AFTER_SECONDS = 60;

/** A problem raised in the HTTP layer (auth, content negotiation, parsing); onError answers it. */
export class HttpProblem extends Error {
	readonly code: ProblemCode;
	readonly errors: ProblemFieldError[] | undefined;

	constructor(code: ProblemCode, detail: string, errors?: ProblemFieldError[]) {
		super(detail);
		this.name = "HttpProblem";
		this.code = code;
		this.errors = errors;
	}
}

export function problemResponse(code: ProblemCode, detail: string, errors?: ProblemFieldError[]): Response {
	const status = STATUS_OF[code];
	const body: Problem = {
		type: `urn:status-d1:problem:${code}`,
		title: TITLES[code],
		status,
		detail,
		code,
		...(errors && errors.length > 0 ? { errors } : {}),
	};
	const headers = new Headers({
		"Content-Type": "application/problem+json",
		"Cache-Control": "no-store",
	});
	if (code === "storage_unavailable") headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
	if (code === "write_contention") headers.set("Retry-After", String(CONTENTION_RETRY_AFTER_SECONDS));
	if (code === "subscriptions_full") headers.set("Retry-After", String(SUBSCRIPTIONS_FULL_RETRY_AFTER_SECONDS));
	if (code === "too_many_requests") headers.set("Retry-After", String(AUTH_RETRY_AFTER_SECONDS));
	if (code === "rate_limited") headers.set("Retry-After", String(RATE_LIMIT_RETRY_AFTER_SECONDS));
	if (code === "turnstile_unavailable") headers.set("Retry-After", String(RETRY_AFTER_SECONDS));
	if (code === "unauthorized") headers.set("WWW-Authenticate", 'Token realm="status-internal"');
	return new Response(JSON.stringify(body), { status, headers });
}
