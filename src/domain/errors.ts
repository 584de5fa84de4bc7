/** The one error type the domain throws; the HTTP layer maps each code to a status. */
export type DomainErrorCode =
	| "unknown_surface"
	| "unknown_severity"
	| "unknown_incident_status"
	| "maintenance_until_not_in_future"
	| "invalid_public_text"
	| "instant_out_of_range"
	| "instant_in_future"
	| "created_after_updated"
	| "maintenance_too_far_ahead"
	| "maintenance_started"
	| "maintenance_over"
	| "maintenance_cancelled"
	| "too_many_maintenances"
	| "too_many_subscribers"
	| "invalid_subscriber_url"
	| "not_a_webhook_subscriber"
	| "already_delivered"
	| "invalid_email_address"
	| "subscriptions_full";

export class DomainError extends Error {
	readonly code: DomainErrorCode;

	constructor(code: DomainErrorCode, message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = "DomainError";
		this.code = code;
	}
}
