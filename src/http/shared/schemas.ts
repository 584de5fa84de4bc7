import { z } from "@hono/zod-openapi";
import { INSTANT_FORMAT_TEXT, INSTANT_RANGE_TEXT, supportedInstant } from "../../domain/instants";
import { HOLDS } from "../../domain/precedence";
import { COMBINING_MARKS_PER_CHARACTER_MAX, publicTextProblem } from "../../domain/public-text";
import { PUBLIC_NOTE_MAX_LENGTH, SURFACE_STATES } from "../../domain/vocabulary";

// The pieces every route family's contract is made of: identifiers, the actor, public text, instants
// and the problem+json answer.

export const ProblemSchema = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string(),
		code: z.string(),
		errors: z
			.array(
				z.object({
					in: z.enum(["body", "query", "path", "header"]).openapi({ description: "Where in the request" }),
					path: z.string().openapi({ description: "The field: a dotted path in the body, or a parameter's name" }),
					message: z.string(),
				}),
			)
			.optional(),
	})
	.openapi("Problem");

const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,64}$/;
const IDENTIFIER_TEXT = "1-64 letters, digits, '_', '.', ':' or '-'";

export const SurfaceId = z
	.string()
	.regex(IDENTIFIER, `must be a surface id: ${IDENTIFIER_TEXT}`)
	.openapi({ example: "app-raxx-app" });

/** A surface id in a write's body: the verb checks that it is registered, and answers an unknown one itself. */
export const WrittenSurfaceId = z.string().min(1).max(64);

/** A caller's key for a maintenance window. */
export const MaintenanceKey = z
	.string()
	.regex(IDENTIFIER, `must be ${IDENTIFIER_TEXT}`)
	.openapi({ example: "db-upgrade-2026-12-01" });

/** Who writes, for the audit log: a name, never a person's data. */
export const Actor = z.string().regex(IDENTIFIER, `must be ${IDENTIFIER_TEXT} (no PII)`);

/** A write's `notify`: false tells no subscriber about it (an operator fixing a typo). */
export const Notify = z
	.boolean()
	.optional()
	.openapi({ description: "false: no notification is sent for this write (e.g. fixing a typo). Default true." });

/** An incident's public id, inc_NNNNN. */
export const IncidentId = z.string().openapi({ example: "inc_00042" });

/** A maintenance window's public id, mnt_NNNNN. */
export const MaintenanceId = z.string().openapi({ example: "mnt_00003" });

/** Marks a schema issue as a breach of the public-text rule, which the validation hook answers 422. */
export const PUBLIC_TEXT_ISSUE = "invalid_public_text";

/** Text shown on the public page, held to the domain's public-text rule (at most `maxCharacters`). */
export const publicText = (maxCharacters = PUBLIC_NOTE_MAX_LENGTH) =>
	z.string().superRefine((value, context) => {
		const problem = publicTextProblem(value, maxCharacters);
		if (problem) context.addIssue({ code: "custom", message: problem, params: { rule: PUBLIC_TEXT_ISSUE } });
	});

export const PUBLIC_TEXT_RULE_TEXT = `well-formed Unicode with at least one visible character; no control, bidirectional-formatting, line/paragraph separator or noncharacter code points; at most ${COMBINING_MARKS_PER_CHARACTER_MAX} combining marks on one character`;

export const PublicNote = publicText()
	.nullable()
	.openapi({
		description: `Shown on the public page: at most ${PUBLIC_NOTE_MAX_LENGTH} characters, ${PUBLIC_TEXT_RULE_TEXT}. Refused with 422 \`invalid_public_text\` otherwise, never altered.`,
	});

/** An ISO 8601 instant with its offset, in the range the system supports (domain/instants.ts). */
export const Instant = z.iso
	.datetime({ offset: true, error: INSTANT_FORMAT_TEXT, abort: true })
	.refine((text) => supportedInstant(text) !== null, { message: `must be an instant ${INSTANT_RANGE_TEXT}` })
	.openapi({ example: "2026-11-26T18:00:00Z" });

export const SurfaceStateEnum = z.enum(SURFACE_STATES).openapi("SurfaceState");

export const HoldEnum = z.enum(HOLDS).openapi("Hold", {
	description: "The hold of a higher-precedence writer that kept a write from applying.",
});
