import { markupEscaper } from "./markup";

/**
 * Text made safe as HTML element content or a quoted attribute value. `'` is `&#39;`: `&apos;` is
 * not HTML 4, which mail clients still parse.
 */
export const escapeHtml = markupEscaper({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" });
