import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { onError } from "./errors";
import { HttpProblem, type ProblemFieldError } from "./problem";
import { PUBLIC_TEXT_ISSUE } from "./shared/schemas";

/**
 * A request's body or query that failed validation, as a 400 problem listing every issue; `what`
 * names the input in the detail ("body", "body (a FreeScout relay delivery)").
 */
export function invalidInput(
	target: "body" | "query",
	errors: ProblemFieldError[],
	what: string = target,
): HttpProblem {
	return new HttpProblem(
		target === "query" ? "invalid_query" : "validation_failed",
		`The ${what} has ${errors.length} problem(s): ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
		errors,
	);
}

const breaksPublicText = (issue: { code: string; params?: Record<string, unknown> }): boolean =>
	issue.code === "custom" && issue.params?.rule === PUBLIC_TEXT_ISSUE;

const validationProblem: Hook<unknown, AppEnv, string, undefined> = (result) => {
	if (result.success) return;
	const errors = result.error.issues.map((issue) => ({
		path: issue.path.map(String).join(".") || "(body)",
		message: issue.message,
	}));
	// Well-formed text that breaks only the public-text rule is refused as every writer's is: 422.
	if (result.target !== "query" && result.error.issues.every(breaksPublicText)) {
		throw publicTextRefused(errors);
	}
	throw invalidInput(result.target === "query" ? "query" : "body", errors);
};

/** Public text that breaks the rule (domain/public-text.ts), as a 422 problem naming each field. */
export function publicTextRefused(errors: ProblemFieldError[]): HttpProblem {
	return new HttpProblem(
		"invalid_public_text",
		`${errors.map((e) => `${e.path} ${e.message}`).join("; ")}; nothing was written.`,
		errors,
	);
}

/**
 * The one way to make a router, for the app and every route module: it carries the app's types,
 * the validation hook and the error mapper, so a route module answers problem+json on its own,
 * mounted or not.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
	const router = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
	router.onError(onError);
	return router;
}
