/**
 * Text made safe as HTML element content or a quoted attribute value: `&`, `<`, `>`, `"` and `'`
 * written as character references, so that no text opens, closes or ends an element or an
 * attribute; and the characters no markup may carry dropped (C0 controls other than tab, line feed
 * and carriage return; U+FFFE, U+FFFF; unpaired surrogates). `'` is `&#39;`: `&apos;` is not HTML 4,
 * which mail clients still parse.
 */
export function escapeHtml(text: string): string {
	let out = "";
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
		if (code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) continue;
		out += HTML_REFERENCES[char] ?? char;
	}
	return out;
}

const HTML_REFERENCES: Readonly<Record<string, string>> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};
