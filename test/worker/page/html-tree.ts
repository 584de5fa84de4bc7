import { SaxesParser } from "saxes";

// The page is rendered by hono/jsx, whose output is well-formed XML (void elements close with
// "/>", text and attributes are entity-escaped): a strict XML parser reads it, and refuses any
// markup a hostile note might have broken out into.

export interface HtmlElement {
	name: string;
	attributes: Record<string, string>;
	/** Child elements and text, in document order. */
	nodes: (HtmlElement | string)[];
	parent: HtmlElement | null;
}

export function parseHtml(html: string): HtmlElement {
	const parser = new SaxesParser({ position: true });
	const stack: HtmlElement[] = [];
	let root: HtmlElement | null = null;
	let failure: Error | null = null;
	parser.on("error", (error) => {
		failure ??= error;
	});
	parser.on("opentag", (tag) => {
		const parent = stack.at(-1) ?? null;
		const attributes = tag.attributes as Record<string, string>;
		const element: HtmlElement = { name: tag.name, attributes: { ...attributes }, nodes: [], parent };
		parent?.nodes.push(element);
		root ??= element;
		stack.push(element);
	});
	parser.on("text", (text) => {
		stack.at(-1)?.nodes.push(text);
	});
	parser.on("closetag", () => {
		stack.pop();
	});
	parser.write(html.replace(/^<!DOCTYPE html>/, "")).close();
	if (failure) throw failure;
	if (root === null) throw new Error("no root element");
	return root;
}

/** Every element under (and including) `root`, in document order. */
export function* elements(root: HtmlElement): Generator<HtmlElement> {
	yield root;
	for (const node of root.nodes) if (typeof node !== "string") yield* elements(node);
}

export const textOf = (element: HtmlElement): string =>
	element.nodes.map((node) => (typeof node === "string" ? node : textOf(node))).join("");

export const classesOf = (element: HtmlElement): string[] => (element.attributes.class ?? "").split(/\s+/);

export function byId(root: HtmlElement, id: string): HtmlElement {
	const found = [...elements(root)].find((element) => element.attributes.id === id);
	if (!found) throw new Error(`no element #${id}`);
	return found;
}

export const byName = (root: HtmlElement, name: string): HtmlElement[] =>
	[...elements(root)].filter((element) => element.name === name);

export const byClass = (root: HtmlElement, name: string): HtmlElement[] =>
	[...elements(root)].filter((element) => classesOf(element).includes(name));

const BLOCKS = new Set(["p", "div", "li", "ol", "ul", "dt", "dd", "h1", "h2", "h3", "h4", "article", "section"]);

/** The text as a person reads it: block elements apart, runs of white space as one space. */
export function wordsOf(element: HtmlElement): string {
	const words = (node: HtmlElement | string): string =>
		typeof node === "string"
			? node
			: BLOCKS.has(node.name)
				? ` ${node.nodes.map(words).join("")} `
				: node.nodes.map(words).join("");
	return words(element).replace(/\s+/g, " ").trim();
}
