import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { StorageUnavailableError, WriteContentionError } from "../db/errors";
import { DomainError } from "../domain/errors";
import { HttpProblem, type ProblemCode, problemResponse } from "./problem";

const CODE_FOR_HTTP_STATUS: Partial<Record<number, ProblemCode>> = {
	400: "malformed_json",
	401: "unauthorized",
	404: "not_found",
	413: "payload_too_large",
	415: "unsupported_media_type",
};

/** The one place an error becomes an HTTP answer: problem+json, never internals. */
export function problemForError(error: unknown, path: string): Response {
	if (error instanceof HttpProblem) return problemResponse(error.code, error.message, error.errors);
	if (error instanceof DomainError) return problemResponse(error.code, error.message);
	if (error instanceof StorageUnavailableError) {
		console.error(JSON.stringify({ event: error.code, path, cause: String(error.cause) }));
		return problemResponse(error.code, error.message);
	}
	if (error instanceof WriteContentionError) {
		console.warn(JSON.stringify({ event: error.code, path }));
		return problemResponse(error.code, error.message);
	}
	if (error instanceof HTTPException) {
		const code = CODE_FOR_HTTP_STATUS[error.status];
		if (code) return problemResponse(code, error.message || "The request was not acceptable.");
	}
	console.error(
		JSON.stringify({
			event: "unhandled_error",
			path,
			error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
			stack: error instanceof Error ? error.stack : undefined,
		}),
	);
	return problemResponse("internal_error", "Something went wrong on our side; it has been logged.");
}

export const onError: ErrorHandler = (error, c) => problemForError(error, c.req.path);

/**
 * What answers a request no route took: 405 with `Allow` when the path is known and the method is
 * not one it answers, else 404. `allowedMethods` is asked on the first such request, when every
 * route has registered.
 */
export function routeNotTaken(allowedMethods: () => (path: string) => string[]): NotFoundHandler {
	return (c) => {
		const { method, path } = c.req;
		const allowed = allowedMethods()(path);
		if (allowed.length === 0 || allowed.includes(method)) {
			return problemResponse("not_found", `No route for ${method} ${path}.`);
		}
		const response = problemResponse(
			"method_not_allowed",
			`${path} does not answer ${method}; it answers ${allowed.join(", ")}.`,
		);
		response.headers.set("Allow", allowed.join(", "));
		return response;
	};
}
