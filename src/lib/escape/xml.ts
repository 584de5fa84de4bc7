import { markupEscaper } from "./markup";

/** Text made safe inside XML (SVG, Atom, RSS), as element content or a quoted attribute value. */
export const escapeXml = markupEscaper({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" });
