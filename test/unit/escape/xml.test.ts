import { describe, expect, it } from "vitest";
import { escapeXml } from "../../../src/lib/escape/xml";

describe("escapeXml", () => {
	it("escapes the five markup characters, so no text ends or opens an element", () => {
		expect(escapeXml(`<script>alert("x")</script> & 'y' ]]>`)).toBe(
			"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos; ]]&gt;",
		);
	});

	it("drops the characters XML 1.0 does not allow, and keeps tab, line feed, carriage return and the rest", () => {
		expect(escapeXml("a\u0000b\u0007c\u001Fd\tE\nF\rG\uFFFEH\uFFFFI")).toBe("abcd\tE\nF\rGHI");
		expect(escapeXml("a\uDFFFb\uDC00c")).toBe("abc");
		expect(escapeXml("lone \uD800 surrogate, pair 😀, bidi \u202E kept")).toBe(
			"lone  surrogate, pair 😀, bidi \u202E kept",
		);
	});
});
