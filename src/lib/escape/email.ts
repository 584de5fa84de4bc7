import { escapeHtml } from "./html";
import { plainTextLine, plainTextLines, withoutBidiControls } from "./plain-text";

/**
 * Text inside a mail's HTML part (element content or a quoted attribute): HTML-escaped like the
 * page's text, without bidirectional controls (mail clients do not all honour `<bdi>`).
 */
export const emailHtml = (text: string): string => escapeHtml(withoutBidiControls(text));

/** Text of a mail's text/plain part: lines kept, controls and bidirectional controls dropped. */
export const emailPlainText = (text: string): string => plainTextLines(text);

/**
 * Text in a mail's Subject: one line, so no text can end the header and add another (a line break
 * or control character becomes a space), without bidirectional controls. The mail library encodes
 * it (RFC 2047) for the wire.
 */
export const emailSubject = (text: string): string => plainTextLine(text);
