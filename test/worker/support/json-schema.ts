/**
 * A strict validator for the part of JSON Schema (2020-12, OpenAPI 3.1's dialect) that the served
 * OpenAPI document uses. A keyword it does not know throws instead of being ignored, so a schema
 * can never pass an answer by using a constraint this file does not check.
 */

export interface SchemaProblem {
	/** Where in the value, as a JSON pointer ("" is the value itself). */
	at: string;
	message: string;
}

export interface ValidateOptions {
	/**
	 * Also report properties an object schema does not declare, where JSON Schema would let them
	 * through (no additionalProperties): an answer carrying fields its documentation does not name.
	 */
	undeclared?: boolean;
}

type JsonType = "null" | "boolean" | "object" | "array" | "number" | "integer" | "string";

/** Keywords that say something about a value but constrain nothing. */
const ANNOTATIONS = new Set(["description", "example", "examples", "default", "deprecated", "title", "readOnly"]);

const CHECKED = new Set([
	"$ref",
	"type",
	"enum",
	"const",
	"properties",
	"required",
	"additionalProperties",
	"items",
	"minItems",
	"maxItems",
	"allOf",
	"anyOf",
	"oneOf",
	"not",
	"minimum",
	"maximum",
	"exclusiveMinimum",
	"exclusiveMaximum",
	"minLength",
	"maxLength",
	"pattern",
	"format",
]);

// RFC 3339's date-time (JSON Schema's "date-time"): a time zone is required.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const FORMATS: Record<string, (text: string) => boolean> = {
	"date-time": (text) => DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)),
	date: (text) => DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text),
	uri: (text) => URL.canParse(text),
};

type SchemaObject = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): JsonType | "undefined" {
	if (value === null) return "null";
	if (Array.isArray(value)) return "array";
	if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
	if (typeof value === "string") return "string";
	if (typeof value === "boolean") return "boolean";
	if (typeof value === "object") return "object";
	return "undefined";
}

function hasType(value: unknown, type: string): boolean {
	const actual = typeOf(value);
	return actual === type || (type === "number" && actual === "integer");
}

function equal(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
	if (isObject(a) && isObject(b)) {
		const keys = Object.keys(a);
		return keys.length === Object.keys(b).length && keys.every((key) => key in b && equal(a[key], b[key]));
	}
	return false;
}

const pointer = (at: string, key: string | number) =>
	`${at}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;

function resolve(root: unknown, ref: string): unknown {
	if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, not ${ref}`);
	let node: unknown = root;
	for (const part of ref.slice(2).split("/")) {
		const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
		if (!isObject(node) || !(key in node)) throw new Error(`$ref ${ref} does not resolve`);
		node = node[key];
	}
	return node;
}

function numberKeyword(schema: SchemaObject, keyword: string): number | undefined {
	const value = schema[keyword];
	if (value === undefined) return undefined;
	if (typeof value !== "number") throw new Error(`${keyword} must be a number`);
	return value;
}

function validate(
	value: unknown,
	schema: unknown,
	root: unknown,
	at: string,
	options: ValidateOptions,
): SchemaProblem[] {
	if (schema === true) return [];
	if (schema === false) return [{ at, message: "no value is allowed here" }];
	if (!isObject(schema)) throw new Error(`not a schema at ${at}: ${JSON.stringify(schema)}`);
	for (const keyword of Object.keys(schema)) {
		if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) {
			throw new Error(`the schema keyword ${keyword} (at ${at}) is not supported by this validator`);
		}
	}
	const problems: SchemaProblem[] = [];
	const fail = (message: string, where = at) => problems.push({ at: where, message });

	if (typeof schema.$ref === "string") problems.push(...validate(value, resolve(root, schema.$ref), root, at, options));

	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? schema.type : [schema.type];
		if (!types.some((type) => hasType(value, String(type)))) {
			fail(`expected ${types.join(" or ")}, got ${typeOf(value)}`);
			return problems;
		}
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => equal(option, value))) {
		fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
	}
	if ("const" in schema && !equal(schema.const, value)) fail(`expected ${JSON.stringify(schema.const)}`);

	for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
		const branches = schema[keyword];
		if (branches === undefined) continue;
		if (!Array.isArray(branches)) throw new Error(`${keyword} must be an array (at ${at})`);
		const results = branches.map((branch) => validate(value, branch, root, at, options));
		const passing = results.filter((result) => result.length === 0).length;
		if (keyword === "allOf") problems.push(...results.flat());
		else if (keyword === "anyOf" && passing === 0) {
			fail(`matches none of anyOf: ${results.map((result) => result[0]?.message).join("; ")}`);
		} else if (keyword === "oneOf" && passing !== 1) fail(`matches ${passing} of oneOf, not exactly one`);
	}
	if (schema.not !== undefined && validate(value, schema.not, root, at, options).length === 0) {
		fail("matches the schema under not");
	}

	if (typeof value === "number") {
		const minimum = numberKeyword(schema, "minimum");
		const maximum = numberKeyword(schema, "maximum");
		const exclusiveMinimum = numberKeyword(schema, "exclusiveMinimum");
		const exclusiveMaximum = numberKeyword(schema, "exclusiveMaximum");
		if (minimum !== undefined && value < minimum) fail(`${value} is below the minimum ${minimum}`);
		if (maximum !== undefined && value > maximum) fail(`${value} is above the maximum ${maximum}`);
		if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) fail(`${value} is not above ${exclusiveMinimum}`);
		if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) fail(`${value} is not below ${exclusiveMaximum}`);
	}

	if (typeof value === "string") {
		const length = [...value].length;
		const minLength = numberKeyword(schema, "minLength");
		const maxLength = numberKeyword(schema, "maxLength");
		if (minLength !== undefined && length < minLength) fail(`shorter than ${minLength} characters`);
		if (maxLength !== undefined && length > maxLength) fail(`longer than ${maxLength} characters`);
		if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
			fail(`${JSON.stringify(value)} does not match ${schema.pattern}`);
		}
		if (schema.format !== undefined) {
			const check = FORMATS[String(schema.format)];
			if (!check) throw new Error(`the format ${String(schema.format)} (at ${at}) is not supported`);
			if (!check(value)) fail(`${JSON.stringify(value)} is not a valid ${String(schema.format)}`);
		}
	}

	if (Array.isArray(value)) {
		const minItems = numberKeyword(schema, "minItems");
		const maxItems = numberKeyword(schema, "maxItems");
		if (minItems !== undefined && value.length < minItems) fail(`fewer than ${minItems} items`);
		if (maxItems !== undefined && value.length > maxItems) fail(`more than ${maxItems} items`);
		if (schema.items !== undefined) {
			for (const [index, item] of value.entries()) {
				problems.push(...validate(item, schema.items, root, pointer(at, index), options));
			}
		}
	}

	if (isObject(value)) {
		const properties = schema.properties === undefined ? {} : schema.properties;
		if (!isObject(properties)) throw new Error(`properties must be an object (at ${at})`);
		const required = schema.required === undefined ? [] : schema.required;
		if (!Array.isArray(required)) throw new Error(`required must be an array (at ${at})`);
		for (const name of required) {
			if (!(String(name) in value)) fail(`the required property ${String(name)} is missing`);
		}
		for (const [name, property] of Object.entries(value)) {
			if (name in properties) {
				problems.push(...validate(property, properties[name], root, pointer(at, name), options));
			} else if (schema.additionalProperties !== undefined) {
				problems.push(...validate(property, schema.additionalProperties, root, pointer(at, name), options));
			} else if (options.undeclared && schema.properties !== undefined) {
				fail(`the property ${name} is not declared`, pointer(at, name));
			}
		}
	}
	return problems;
}

/**
 * What is wrong with a value under a schema; empty when it conforms. `root` is the document that
 * `$ref`s such as "#/components/schemas/X" point into.
 */
export function schemaProblems(
	value: unknown,
	schema: unknown,
	root: unknown,
	options: ValidateOptions = {},
): SchemaProblem[] {
	return validate(value, schema, root, "", options);
}
