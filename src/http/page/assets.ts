import { PAGE_PATHS } from "../../paths";
import { REFRESH_SCRIPT } from "./refresh-script";
import { STYLESHEET } from "./stylesheet";

// The page's static files, each served under a name that carries its content's hash, so that a
// browser keeps it for a year (immutable) and a new deployment with new content is a new name.

export interface PageAsset {
	/** The path the page links to: /assets/<name>.<hash>.<extension> */
	path: string;
	contentType: string;
	body: string;
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#1a7f37"/><path d="M4.5 8.2l2.3 2.3 4.7-4.9" fill="none" stroke="#fff" stroke-width="1.8"/></svg>`;

const SOURCES = {
	stylesheet: { name: "style", extension: "css", contentType: "text/css; charset=utf-8", body: STYLESHEET },
	script: { name: "page", extension: "js", contentType: "text/javascript; charset=utf-8", body: REFRESH_SCRIPT },
	icon: { name: "icon", extension: "svg", contentType: "image/svg+xml", body: ICON },
} as const;

export type PageAssets = Readonly<Record<keyof typeof SOURCES, PageAsset>> & {
	/** One hash of every asset: a page names the build whose assets it links to. */
	build: string;
};

async function contentHash(body: string): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
	return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function hashAll(): Promise<PageAssets> {
	const entries = await Promise.all(
		Object.entries(SOURCES).map(async ([key, source]) => {
			const file = `${source.name}.${await contentHash(source.body)}.${source.extension}`;
			const asset: PageAsset = {
				path: PAGE_PATHS.asset.replace("{name}", file),
				contentType: source.contentType,
				body: source.body,
			};
			return [key, asset] as const;
		}),
	);
	const build = await contentHash(
		Object.values(SOURCES)
			.map((source) => source.body)
			.join("\u0000"),
	);
	return { ...(Object.fromEntries(entries) as Record<keyof typeof SOURCES, PageAsset>), build };
}

let hashed: Promise<PageAssets> | undefined;

/** The page's assets with their hashed paths, hashed once per isolate. */
export function pageAssets(): Promise<PageAssets> {
	hashed ??= hashAll();
	return hashed;
}

/** The asset served at a path (under /assets/ or /subscriptions/assets/), or null. */
export async function assetAt(path: string): Promise<PageAsset | null> {
	const { stylesheet, script, icon } = await pageAssets();
	const underPages = path.replace(/^\/subscriptions\/assets\//, "/assets/");
	return [stylesheet, script, icon].find((asset) => asset.path === underPages) ?? null;
}

/** An asset's path under the subscriptions' route (PAGE_PATHS.subscriptionAsset). */
export const subscriptionAssetPath = (asset: PageAsset): string =>
	asset.path.replace(/^\/assets\//, "/subscriptions/assets/");
