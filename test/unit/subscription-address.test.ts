import { describe, expect, it } from "vitest";
import { addressOfSubscriberUrl, mailtoUrl, normaliseEmail } from "../../src/domain/subscriptions/address";
import { confirmationMail } from "../../src/domain/subscriptions/confirmation-email";

describe("normaliseEmail", () => {
	it.each([
		[" Person.Name+tag@Example.COM ", "Person.Name+tag@example.com"],
		["a@b.co", "a@b.co"],
		["x@bücher.example.org", "x@xn--bcher-kva.example.org"],
	])("%j is stored as %j", (raw, stored) => {
		expect(normaliseEmail(raw)).toEqual({ ok: true, address: stored });
	});

	it.each([
		"",
		"plain",
		"@example.com",
		"a@",
		"a b@example.com",
		'"quoted"@example.com',
		"a@example.com\r\nBcc: b@example.org",
		"<a@example.com>",
		"a,b@example.com",
		"a@localhost",
		"a@example",
		"a@127.0.0.1",
		"a@[127.0.0.1]",
		"a@example.com/path",
		"a@-example.com",
		"a..b@example.com",
		`${"a".repeat(65)}@example.com`,
		`a@${"b".repeat(250)}.com`,
	])("refuses %j", (raw) => {
		expect(normaliseEmail(raw).ok).toBe(false);
	});

	it("mailto: URLs and back", () => {
		expect(addressOfSubscriberUrl(mailtoUrl("a@example.com"))).toBe("a@example.com");
		expect(addressOfSubscriberUrl("https://hooks.example.com/x")).toBe("https://hooks.example.com/x");
	});
});

describe("confirmationMail", () => {
	const input = {
		pageName: `Raxx <script>alert(1)</script> & "co"`,
		pageUrl: "https://status.raxx.app/",
		confirmUrl: "https://status.raxx.app/subscriptions/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		expiresAt: "2026-12-04T12:00:00.000Z",
		surfaceNames: ["Login and sign-up"],
	};

	it("says what to do, with the link in both parts, and escapes every given text in the HTML", () => {
		const mail = confirmationMail(input);
		expect(mail.subject).toBe(`Confirm your subscription to ${input.pageName} status`);
		expect(mail.text).toContain(input.confirmUrl);
		expect(mail.text).toContain("2026-12-04 12:00 UTC");
		expect(mail.text).toContain("Login and sign-up");
		expect(mail.html).toContain(`href="${input.confirmUrl}"`);
		expect(mail.html).not.toContain("<script>");
		expect(mail.html).toContain("&lt;script&gt;");
	});

	it("keeps the subject on one line whatever the page's name", () => {
		expect(confirmationMail({ ...input, pageName: "Raxx\r\nBcc: x@example.org" }).subject).not.toMatch(/[\r\n]/);
	});

	it("names every surface when none was chosen", () => {
		expect(confirmationMail({ ...input, surfaceNames: null }).text).toContain("every part of the status page");
	});
});
