import type { JSX } from "hono/jsx/jsx-runtime";

/** A page as the bytes a browser gets: the doctype, then the rendered elements (JSX escapes all text). */
export async function renderDocument(page: JSX.Element): Promise<string> {
	return `<!DOCTYPE html>${await page.toString()}`;
}
