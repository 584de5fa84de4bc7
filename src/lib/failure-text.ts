import { redactUrls } from "./redact-urls";

/** A failure as one line for an operator: the error's message and its causes', without URLs' queries. */
export function failureText(error: unknown): string {
	const parts: string[] = [];
	for (let cause: unknown = error; cause !== undefined && parts.length < 4; ) {
		parts.push(cause instanceof Error ? cause.message : String(cause));
		cause = cause instanceof Error ? cause.cause : undefined;
	}
	return redactUrls(parts.join(": ")).slice(0, 500);
}
