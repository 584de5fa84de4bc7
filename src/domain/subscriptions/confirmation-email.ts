import { emailHtml, emailPlainText, emailSubject } from "../../lib/escape/email";

// The mail that asks a person to confirm a subscription (double opt-in): what it says and where its one
// link goes, as plain text and as HTML that reads the same in a text-only client.

export interface ConfirmationMailInput {
	/** The status page's name, e.g. "Raxx". */
	pageName: string;
	/** The page's public URL (where the mail says the request came from). */
	pageUrl: string;
	/** The confirm link: a page with a "Confirm" button. */
	confirmUrl: string;
	/** When the link stops working (ISO 8601). */
	expiresAt: string;
	/** The surfaces' names the subscription is for; null: every surface. */
	surfaceNames: readonly string[] | null;
}

export interface ConfirmationMail {
	subject: string;
	text: string;
	html: string;
}

const expiryWords = (iso: string): string => `${iso.slice(0, 16).replace("T", " ")} UTC`;

const scopeWords = (names: readonly string[] | null): string =>
	names === null ? "every part of the status page" : names.join(", ");

/** The confirmation mail: subject, text/plain and text/html parts, every given text escaped for its part. */
export function confirmationMail(input: ConfirmationMailInput): ConfirmationMail {
	const subject = emailSubject(`Confirm your subscription to ${input.pageName} status`);
	const expires = expiryWords(input.expiresAt);
	const scope = scopeWords(input.surfaceNames);
	const text = emailPlainText(
		[
			`Someone, probably you, asked to get ${input.pageName} status notifications at this address,`,
			`for ${scope}.`,
			"",
			"To confirm, open this link and press Confirm:",
			input.confirmUrl,
			"",
			`The link works until ${expires}. If you did not ask for this, ignore this mail:`,
			"nothing will be sent to you, and the request is deleted when the link expires.",
			"",
			`${input.pageName} status: ${input.pageUrl}`,
			"",
		].join("\n"),
	);
	const html = [
		"<!DOCTYPE html>",
		'<html lang="en"><head><meta charset="utf-8">',
		`<title>${emailHtml(subject)}</title></head>`,
		'<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em;">',
		`<p>Someone, probably you, asked to get ${emailHtml(input.pageName)} status notifications at this address, for ${emailHtml(scope)}.</p>`,
		`<p><a href="${emailHtml(input.confirmUrl)}">Confirm your subscription</a></p>`,
		`<p>Or copy this link into your browser: ${emailHtml(input.confirmUrl)}</p>`,
		`<p>The link works until ${emailHtml(expires)}. If you did not ask for this, ignore this mail: nothing will be sent to you, and the request is deleted when the link expires.</p>`,
		`<p><a href="${emailHtml(input.pageUrl)}">${emailHtml(input.pageName)} status</a></p>`,
		"</body></html>",
		"",
	].join("\n");
	return { subject, text, html };
}
