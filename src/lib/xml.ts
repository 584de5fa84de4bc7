/**
 * Text made safe inside XML (SVG, Atom, RSS), as element content or a quoted attribute value: the
 * five markup characters escaped, and every character XML 1.0 does not allow dropped (C0 controls
 * other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates), so that no
 * text can end an element, open one, or make the document ill-formed.
 */
export function escapeXml(text: string): string {
	let out = "";
	for (const char of text) {
		const code = char.codePointAt(0) ?? 0;
		if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
		if (code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) continue;
		out += ESCAPES[char] ?? char;
	}
	return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&apos;",
};
