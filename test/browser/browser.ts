import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";

// A real browser for the page's tests: Debian's chromium (apt-get install chromium; .ci/run does),
// driven by playwright-core. Playwright's own browser download cannot run on these machines.

const root = join(import.meta.dirname, "..", "..");
export const SCREENSHOTS = join(root, "test-results");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
	try {
		return await chromium.launch({ executablePath: CHROMIUM });
	} catch (error) {
		throw new Error(
			`Debian's chromium is needed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): ${error}`,
		);
	}
}

/** Everything a person would see go wrong: console errors, script errors, failed or refused requests, dialogs. */
export interface Visit {
	page: Page;
	problems: string[];
}

export async function visit(
	browser: Browser,
	url: string,
	options: BrowserContextOptions & { fakeClock?: boolean } = {},
): Promise<Visit> {
	const { fakeClock = false, ...contextOptions } = options;
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
	const page = await context.newPage();
	// The page's timers under the test's control (page.clock.runFor), from its first script on.
	if (fakeClock) await page.clock.install();
	const problems: string[] = [];
	page.on("console", (message) => {
		if (message.type() === "error" || message.type() === "warning")
			problems.push(`console ${message.type()}: ${message.text()}`);
	});
	page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
	page.on("requestfailed", (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
	page.on("response", (response) => {
		if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
	});
	page.on("dialog", (dialog) => {
		problems.push(`dialog: ${dialog.message()}`);
		void dialog.dismiss();
	});
	const response = await page.goto(url, { waitUntil: "load" });
	if (response?.status() !== 200) problems.push(`HTTP ${response?.status()}: ${url}`);
	return { page, problems };
}

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
	id: string;
	help: string;
	nodes: { target: unknown[] }[];
}

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is, and its best practices (landmarks,
 * heading order, one main): the violations, as readable lines.
 */
export async function axeViolations(page: Page): Promise<string[]> {
	// Evaluated through the DevTools protocol, which the page's CSP does not govern.
	await page.evaluate(await axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (
			globalThis as unknown as {
				axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown }> };
			}
		).axe;
		const result = await axe.run(document, {
			runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
		});
		return result.violations as AxeViolation[];
	});
	return violations.map(
		(violation) =>
			`${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))})`,
	);
}

export async function screenshot(page: Page, name: string): Promise<void> {
	await mkdir(SCREENSHOTS, { recursive: true });
	await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
