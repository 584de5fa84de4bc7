import { SaxesParser } from "saxes";

/** An element as a strict XML 1.0 parser with namespaces read it. */
export interface XmlElement {
	/** Namespace URI ("" for none) and local name. */
	uri: string;
	local: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	text: string;
}

/**
 * Parses a document with saxes (well-formedness and XML 1.0's character rules enforced; any error
 * throws) into a tree of elements.
 */
export function parseXml(xml: string): XmlElement {
	const parser = new SaxesParser({ xmlns: true, position: true });
	const stack: XmlElement[] = [];
	let root: XmlElement | null = null;
	let failure: Error | null = null;
	parser.on("error", (error) => {
		failure ??= error;
	});
	parser.on("opentag", (tag) => {
		const element: XmlElement = {
			uri: tag.uri,
			local: tag.local,
			attributes: Object.fromEntries(
				Object.values(tag.attributes).map((attribute) => [attribute.name, attribute.value]),
			),
			children: [],
			text: "",
		};
		stack.at(-1)?.children.push(element);
		root ??= element;
		stack.push(element);
	});
	parser.on("text", (text) => {
		const current = stack.at(-1);
		if (current) current.text += text;
	});
	parser.on("closetag", () => {
		stack.pop();
	});
	parser.write(xml).close();
	if (failure) throw failure;
	if (root === null) throw new Error("no root element");
	return root;
}

export const childrenNamed = (element: XmlElement, local: string, uri = element.uri) =>
	element.children.filter((child) => child.local === local && child.uri === uri);

export const childText = (element: XmlElement, local: string, uri = element.uri) =>
	childrenNamed(element, local, uri)[0]?.text ?? "";
