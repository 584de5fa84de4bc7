import { configuredOr } from "./page-identity.ts";

/** Nobody may frame the page unless the operators say who may (STATUS_PAGE_FRAME_ANCESTORS). */
export const DEFAULT_FRAME_ANCESTORS = "'none'";

/** The ports an origin may name. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/**
 * Suffixes of more than one label under which anyone may register a name: a wildcard directly on
 * one of them (`https://*.workers.dev`) would let every stranger's site frame the page. Not the
 * Public Suffix List, the ones an operator is likely to write; a wildcard also needs at least two
 * labels after it, which covers every single-label suffix (`*.com`, `*.app`).
 */
export const SHARED_SUFFIXES: ReadonlySet<string> = new Set([
	"co.uk",
	"org.uk",
	"ac.uk",
	"gov.uk",
	"me.uk",
	"com.au",
	"net.au",
	"org.au",
	"co.nz",
	"co.jp",
	"ne.jp",
	"co.kr",
	"co.in",
	"co.za",
	"com.br",
	"com.cn",
	"com.mx",
	"com.sg",
	"com.tr",
	"workers.dev",
	"pages.dev",
	"r2.dev",
	"github.io",
	"gitlab.io",
	"netlify.app",
	"vercel.app",
	"web.app",
	"fly.dev",
	"firebaseapp.com",
	"herokuapp.com",
	"appspot.com",
	"blogspot.com",
	"onrender.com",
	"azurewebsites.net",
	"cloudfront.net",
	"s3.amazonaws.com",
]);

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const MAX_HOST_LENGTH = 253;
const PORT = /^[1-9][0-9]{0,4}$/;

const RULE =
	"must be 'none', or space-separated 'self' and https:// origins (https://raxx.app, https://*.raxx.app, https://raxx.app:8443)";

/** What is wrong with one source of the list, or null. */
function sourceProblem(source: string): string | null {
	if (source === "'self'") return null;
	if (source === "'none'") return "'none' stands alone, never with other sources";
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source);
	if (scheme === null) return `'${source}' is not an https:// origin`;
	if (scheme[1]?.toLowerCase() !== "https") return `'${source}' is not https: only an https origin may frame the page`;
	const authority = source.slice(scheme[0].length);
	if (/[/?#]/.test(authority)) return `'${source}' has a path, query or fragment: an origin is scheme, host and port`;
	if (authority.includes("@")) return `'${source}' carries user information: an origin is scheme, host and port`;
	const colon = authority.lastIndexOf(":");
	const host = colon < 0 ? authority : authority.slice(0, colon);
	if (colon >= 0) {
		const port = authority.slice(colon + 1);
		if (!PORT.test(port) || Number(port) > MAX_PORT) {
			return `'${source}' names port '${port}': a port is ${MIN_PORT}-${MAX_PORT}, without leading zeros`;
		}
	}
	const wildcard = host.startsWith("*.");
	const labels = (wildcard ? host.slice(2) : host).split(".");
	if (host.length > MAX_HOST_LENGTH || !labels.every((label) => LABEL.test(label))) {
		return `'${source}' has no valid host name (letters, digits and hyphens in dot-separated labels, '*.' only first)`;
	}
	if (wildcard && (labels.length < 2 || SHARED_SUFFIXES.has(labels.join(".").toLowerCase()))) {
		return `'${source}' puts a wildcard directly on a public suffix, which anyone may register under: name a domain of your own (https://*.raxx.app)`;
	}
	return null;
}

/** What is wrong with a configured frame-ancestors list, or null. */
export function frameAncestorsProblem(value: string): string | null {
	const sources = value.trim().split(/\s+/);
	if (sources.length === 1 && sources[0] === "'none'") return null;
	for (const source of sources) {
		const problem = sourceProblem(source);
		if (problem !== null) return `${RULE}; ${problem}`;
	}
	return null;
}

/** The page's frame-ancestors sources, and what was wrong with the configured value when it was refused. */
export interface FrameAncestors {
	sources: string;
	refused: string | null;
}

/**
 * The page's frame-ancestors sources. A bad value is a deployment mistake (`npm run check` refuses
 * it first): it never reaches the header, and the page fails closed - framed by nobody.
 */
export function frameAncestors(configured: string | undefined): FrameAncestors {
	const value = configuredOr(configured, DEFAULT_FRAME_ANCESTORS).split(/\s+/).join(" ");
	const problem = frameAncestorsProblem(value);
	if (problem !== null) return { sources: DEFAULT_FRAME_ANCESTORS, refused: `STATUS_PAGE_FRAME_ANCESTORS ${problem}` };
	return { sources: value, refused: null };
}
