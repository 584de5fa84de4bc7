import { type Hook, OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";
import { onError } from "./errors";
import { HttpProblem, type InputLocation, type ProblemFieldError } from "./problem";
import { PUBLIC_TEXT_ISSUE } from "./shared/schemas";

/**
 * A part of a request that failed validation, as a 400 problem listing every issue with where it is
 * (a query's is `invalid_query`, any other `validation_failed`); `what` names the input in the detail
 * ("body", "body (a FreeScout relay delivery)").
 */
export function invalidInput(
	location: InputLocation,
	issues: readonly { path: string; message: string }[],
	what: string = location,
): HttpProblem {
	const errors = issues.map(({ path, message }) => ({ in: location, path, message }));
	return new HttpProblem(
		location === "query" ? "invalid_query" : "validation_failed",
		`The ${what} has ${errors.length} problem(s): ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
		errors,
	);
}

/** Where each of Hono's validation targets is in a request. */
const LOCATION_OF_TARGET: Readonly<Record<string, InputLocation>> = {
	json: "body",
	form: "body",
	query: "query",
	param: "path",
	header: "header",
	cookie: "header",
};

interface Issue {
	code: string;
	path: PropertyKey[];
	message: string;
	keys?: string[];
	params?: Record<string, unknown>;
}

/**
 * One issue as the fields it is about: an unknown key is named as the field it is (zod reports
 * every unknown key of an object in one issue, at the object's path).
 */
function fieldIssues(issue: Issue, location: InputLocation): { path: string; message: string }[] {
	const at = issue.path.map(String);
	if (issue.code === "unrecognized_keys" && issue.keys) {
		const unknown = location === "body" ? "is not a known field" : `is not a known ${location} parameter`;
		return issue.keys.map((key) => ({ path: [...at, key].join("."), message: unknown }));
	}
	return [{ path: at.join(".") || `(${location})`, message: issue.message }];
}

const breaksPublicText = (issue: Issue): boolean => issue.code === "custom" && issue.params?.rule === PUBLIC_TEXT_ISSUE;

const validationProblem: Hook<unknown, AppEnv, string, undefined> = (result) => {
	if (result.success) return;
	const location = LOCATION_OF_TARGET[result.target] ?? "body";
	const issues: Issue[] = result.error.issues;
	const fields = issues.flatMap((issue) => fieldIssues(issue, location));
	// Well-formed text that breaks only the public-text rule is refused as every writer's is: 422.
	if (location === "body" && issues.every(breaksPublicText)) {
		throw publicTextRefused(fields.map((field) => ({ in: location, ...field })));
	}
	throw invalidInput(location, fields);
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
