import { publicTextProblem } from "./public-text.ts";

export const DEFAULT_PAGE_ID = "raxx-app";
export const DEFAULT_PAGE_NAME = "raxx.app";
export const PAGE_NAME_MAX_LENGTH = 80;

const PAGE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What is wrong with a configured page id (STATUS_PAGE_ID), or null. */
export const pageIdProblem = (id: string): string | null =>
	PAGE_ID.test(id) ? null : "must be 1-64 lowercase letters, digits or hyphens, starting with a letter or digit";

/** What is wrong with a configured page name (STATUS_PAGE_NAME; public text like any note), or null. */
export const pageNameProblem = (name: string): string | null => publicTextProblem(name, PAGE_NAME_MAX_LENGTH);

/** What the page calls itself in titles, headings and feeds: "raxx.app status". */
export const statusTitle = (pageName: string): string => `${pageName} status`;

export interface PageIdentity {
	id: string;
	name: string;
}

/** A configured value, trimmed; blank or absent means the default. */
export const configuredOr = (value: string | undefined, fallback: string): string => value?.trim() || fallback;

/**
 * The page's id and name as Statuspage's API and the feeds show them. A bad value is a deployment
 * mistake, refused loudly (`npm run check` refuses it first), never shown.
 */
export function pageIdentity(configured: { id?: string | undefined; name?: string | undefined }): PageIdentity {
	const id = configuredOr(configured.id, DEFAULT_PAGE_ID);
	const name = configuredOr(configured.name, DEFAULT_PAGE_NAME);
	const idProblem = pageIdProblem(id);
	if (idProblem !== null) throw new RangeError(`STATUS_PAGE_ID ${idProblem}`);
	const nameProblem = pageNameProblem(name);
	if (nameProblem !== null) throw new RangeError(`STATUS_PAGE_NAME ${nameProblem}`);
	return { id, name };
}

/** The page's id and name as a deployment configures them (STATUS_PAGE_ID, STATUS_PAGE_NAME). */
export const configuredPageIdentity = (settings: {
	STATUS_PAGE_ID?: string;
	STATUS_PAGE_NAME?: string;
}): PageIdentity => pageIdentity({ id: settings.STATUS_PAGE_ID, name: settings.STATUS_PAGE_NAME });
