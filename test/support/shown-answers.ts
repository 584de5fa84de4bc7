// How the docs show an answer, and whether a real answer fits it.
// - JSON (the shown text starts with `{` or `[`): the keys shown must be there with the values
//   shown; keys not shown are not checked. `...` stands for "anything more": as an object's member
//   (other keys), as an array's element (more elements; the ones shown must come first, in order),
//   as a value (any value). Inside a string, `...` matches any characters ("upd_00001_...").
//   An array shown without `...` must have exactly the elements shown.
// - Anything else (a status code, SVG, XML): every shown line must appear in the answer, in order;
//   a line of `...` alone is skipped, and `...` inside a line matches any characters.

const ANY = Symbol("any");
const MORE = Symbol("more");
type Shown = string | number | boolean | null | typeof ANY | Shown[] | ShownArray | { [key: string]: Shown };
interface ShownArray {
	elements: Shown[];
	more: boolean;
}

class Reader {
	private at = 0;
	private readonly text: string;
	constructor(text: string) {
		this.text = text;
	}

	private skipSpace(): void {
		while (/\s/.test(this.text[this.at] ?? "")) this.at++;
	}

	private peek(): string {
		this.skipSpace();
		return this.text[this.at] ?? "";
	}

	private expect(char: string): void {
		if (this.peek() !== char) throw new Error(`expected ${char} at ${this.at} of ${this.text}`);
		this.at++;
	}

	private ellipsis(): boolean {
		this.skipSpace();
		if (!this.text.startsWith("...", this.at)) return false;
		this.at += 3;
		return true;
	}

	value(): Shown | typeof MORE {
		if (this.ellipsis()) return MORE;
		const char = this.peek();
		if (char === "{") return this.object();
		if (char === "[") return this.array();
		if (char === '"') {
			const start = this.at;
			this.at++;
			while (this.text[this.at] !== '"') this.at += this.text[this.at] === "\\" ? 2 : 1;
			this.at++;
			const text = JSON.parse(this.text.slice(start, this.at)) as string;
			return text === "..." ? ANY : text;
		}
		const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at))?.[0];
		if (literal === undefined) throw new Error(`cannot read ${this.text.slice(this.at, this.at + 20)}`);
		this.at += literal.length;
		return JSON.parse(literal) as Shown;
	}

	private object(): Shown {
		this.expect("{");
		const object: { [key: string]: Shown } = {};
		while (this.peek() !== "}") {
			if (!this.ellipsis()) {
				const key = this.value();
				if (typeof key !== "string") throw new Error(`a key must be a string in ${this.text}`);
				this.expect(":");
				const value = this.value();
				object[key] = value === MORE ? ANY : value;
			}
			if (this.peek() === ",") this.at++;
		}
		this.at++;
		return object;
	}

	private array(): Shown {
		this.expect("[");
		const shown: ShownArray = { elements: [], more: false };
		while (this.peek() !== "]") {
			const element = this.value();
			if (element === MORE) shown.more = true;
			else shown.elements.push(element);
			if (this.peek() === ",") this.at++;
		}
		this.at++;
		return shown;
	}

	done(): boolean {
		this.skipSpace();
		return this.at >= this.text.length;
	}
}

export function parseShownJson(text: string): Shown {
	const reader = new Reader(text);
	const value = reader.value();
	if (!reader.done()) throw new Error(`text after the shown JSON: ${text}`);
	return value === MORE ? ANY : value;
}

function wildcard(text: string): RegExp {
	const parts = text.split("...").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
	return new RegExp(`^${parts.join("[\\s\\S]*")}$`);
}

/** Where the real value differs from the shown one (a JSON path and what differs), or null. */
export function mismatch(shown: Shown, actual: unknown, path = "$"): string | null {
	if (shown === ANY) return null;
	if (typeof shown === "string") {
		const fits =
			typeof actual === "string" && (shown.includes("...") ? wildcard(shown).test(actual) : shown === actual);
		return fits ? null : `${path}: shown ${JSON.stringify(shown)}, got ${JSON.stringify(actual)}`;
	}
	if (shown === null || typeof shown !== "object") {
		return shown === actual ? null : `${path}: shown ${JSON.stringify(shown)}, got ${JSON.stringify(actual)}`;
	}
	if ("elements" in shown && "more" in shown && Array.isArray(shown.elements)) {
		const array = shown as ShownArray;
		if (!Array.isArray(actual)) return `${path}: shown an array, got ${JSON.stringify(actual)}`;
		const lengthFits = array.more ? actual.length >= array.elements.length : actual.length === array.elements.length;
		if (!lengthFits)
			return `${path}: shown ${array.elements.length}${array.more ? " or more" : ""} elements, got ${actual.length}`;
		for (const [index, element] of array.elements.entries()) {
			const found = mismatch(element, actual[index], `${path}[${index}]`);
			if (found) return found;
		}
		return null;
	}
	if (typeof actual !== "object" || actual === null || Array.isArray(actual)) {
		return `${path}: shown an object, got ${JSON.stringify(actual)}`;
	}
	for (const [key, value] of Object.entries(shown)) {
		if (!(key in actual)) return `${path}.${key}: shown, but missing`;
		const found = mismatch(value as Shown, (actual as Record<string, unknown>)[key], `${path}.${key}`);
		if (found) return found;
	}
	return null;
}

/** Why the real answer does not fit the shown one, or null when it does. */
export function answerMismatch(shownText: string, actualText: string): string | null {
	const shown = shownText.trim();
	if (shown.startsWith("{") || shown.startsWith("[")) {
		let actual: unknown;
		try {
			actual = JSON.parse(actualText);
		} catch {
			return `the answer is not JSON: ${actualText.slice(0, 300)}`;
		}
		return mismatch(parseShownJson(shown), actual);
	}
	const lines = actualText.split("\n");
	let from = 0;
	for (const line of shown.split("\n").map((each) => each.trim())) {
		if (line === "..." || line === "") continue;
		const pattern = wildcard(line);
		const index = lines.findIndex((each, at) => at >= from && pattern.test(each.trim()));
		if (index < 0) return `shown line not found (in order): ${line}\nin: ${actualText.slice(0, 500)}`;
		from = index + 1;
	}
	return null;
}
