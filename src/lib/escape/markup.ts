/**
 * Any character the escaper changes or drops (a surrogate even when paired: the slow path tells
 * them apart). Most text has none and is returned as it is.
 */
const NEEDS_ESCAPING = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/**
 * An escaper for markup (XML or HTML) as element content or a quoted attribute value: each of the
 * five markup characters written as the given reference, so that no text opens, closes or ends an
 * element or an attribute; and every character XML 1.0 does not allow dropped (C0 controls other
 * than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates), so that no text
 * makes the document ill-formed.
 */
export function markupEscaper(references: Readonly<Record<"&" | "<" | ">" | '"' | "'", string>>) {
	const table: Readonly<Record<string, string>> = references;
	return (text: string): string => {
		if (!NEEDS_ESCAPING.test(text)) return text;
		let out = "";
		for (const char of text) {
			const code = char.codePointAt(0) ?? 0;
			if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
			if (code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) continue;
			out += table[char] ?? char;
		}
		return out;
	};
}
