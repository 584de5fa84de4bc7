import { beforeEach, describe, expect, it } from "vitest";
import { PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { byId, byName, parseHtml } from "../page/html-tree";
import { getPage } from "../page/support";
import { clearAll, formInit, requestRows, subscribe } from "./support";

// The status page's subscribe form: plain HTML that works without script, posting what the API takes.

beforeEach(clearAll);

describe("the page's subscribe form", () => {
	it("posts an email field form-encoded to the subscribe API, linked from near the top, under a CSP that allows only that", async () => {
		const response = await getPage(PAGE_PATHS.home, { at: Date.now() });
		expect(response.headers.get("Content-Security-Policy")).toContain("form-action 'self'");
		const html = await response.text();
		const tree = parseHtml(html);
		const [form] = byName(byId(tree, "subscribe"), "form");
		expect(form?.attributes).toMatchObject({ method: "post", action: PUBLIC_PATHS.subscriptions });
		const [input] = byName(form ?? tree, "input");
		expect(input?.attributes).toMatchObject({ type: "email", name: "email" });
		// The link comes before the surfaces' list, the form after it.
		expect(html.indexOf('href="#subscribe"')).toBeGreaterThan(0);
		expect(html.indexOf('href="#subscribe"')).toBeLessThan(html.indexOf('id="systems"'));
		expect(html.indexOf('id="subscribe"')).toBeGreaterThan(html.indexOf('id="systems"'));
	});

	it("what it posts is accepted as it is", async () => {
		const { response } = await subscribe(formInit([["email", "reader@example.com"]]));
		expect(response.status).toBe(202);
		expect(await requestRows()).toHaveLength(1);
	});
});
