import { beforeEach, describe, expect, it } from "vitest";
import { PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { SURFACES } from "../../../src/surfaces/registry";
import { byClass, byId, byName, type HtmlElement, parseHtml, textOf } from "../page/html-tree";
import { getPage } from "../page/support";
import { call } from "../support/http";
import { callWith, clearAll, formInit, requestRows, subscribe } from "./support";

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

describe("GET /subscribe: the whole form, with every surface group by group", () => {
	it("offers each group as a fieldset of its surfaces' checkboxes, posting to the subscribe API; what it posts is a request for those surfaces", async () => {
		const response = await call(PAGE_PATHS.subscribe);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Security-Policy")).toBe(
			"default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		);
		const tree = parseHtml(await response.text());
		const [form] = byName(tree, "form");
		expect(form?.attributes).toMatchObject({ method: "post", action: PUBLIC_PATHS.subscriptions });
		const groups = byClass(form ?? tree, "group-choice");
		expect(groups.map((group) => textOf(byName(group, "legend")[0] as HtmlElement))).toEqual([
			...new Set(SURFACES.map((surface) => surface.group)),
		]);
		const boxes = byName(form ?? tree, "input").filter((input) => input.attributes.type === "checkbox");
		expect(boxes.map((box) => box.attributes.value)).toEqual(SURFACES.map((surface) => surface.id));
		expect(boxes.every((box) => box.attributes.name === "surface_ids" && !("checked" in box.attributes))).toBe(true);
		// The home page's short form links here.
		expect(await (await getPage(PAGE_PATHS.home, { at: Date.now() })).text()).toContain(
			`href="${PAGE_PATHS.subscribe}"`,
		);

		const { response: posted } = await subscribe(
			formInit([
				["email", "chooser@example.com"],
				["surface_ids", "login"],
				["surface_ids", "deposits"],
			]),
		);
		expect(posted.status).toBe(202);
		expect((await requestRows()).map((row) => JSON.parse(row.surface_ids ?? "null"))).toEqual([["login", "deposits"]]);
	});

	it("carries Turnstile's widget and lets its script and frame in only when a site key is set", async () => {
		const response = await callWith(PAGE_PATHS.subscribe, {}, { TURNSTILE_SITE_KEY: "0x4AAAAAAATestSiteKey" });
		expect(response.headers.get("Content-Security-Policy")).toContain(
			"script-src https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com",
		);
		const tree = parseHtml(await response.text());
		expect(byClass(tree, "cf-turnstile").map((widget) => widget.attributes["data-sitekey"])).toEqual([
			"0x4AAAAAAATestSiteKey",
		]);
	});
});
