/**
 * The surfaces the status page shows. Operators change the product's surfaces here and only here:
 * the public page lists exactly these, in this order, and writes to any other id are refused.
 */

export type SurfaceGroup =
	| "Apps"
	| "Accounts"
	| "Trading"
	| "Market data"
	| "Money movement"
	| "Communication"
	| "Partners";

/** Status page formats the partner poller understands. */
export type PartnerStatusFormat = "statuspage" | "instatus" | "statusio" | "heroku";

export interface PartnerPoll {
	format: PartnerStatusFormat;
	/** Default status URL; `STATUS_PARTNER_URLS` overrides it per deployment. */
	url: string;
	/** Statuspage component ids that make up this surface; empty means "the whole page". */
	componentIds: readonly string[];
}

export interface ProbeTarget {
	url: string;
	expectStatus: number;
}

interface SurfaceBase {
	id: string;
	name: string;
	group: SurfaceGroup;
}

export interface FirstPartySurface extends SurfaceBase {
	kind: "first-party";
	probe?: ProbeTarget;
}

export interface PartnerSurface extends SurfaceBase {
	kind: "partner";
	poll: PartnerPoll;
}

export type Surface = FirstPartySurface | PartnerSurface;
export const SURFACE_KINDS = ["first-party", "partner"] as const satisfies readonly Surface["kind"][];

const firstParty = (id: string, name: string, group: SurfaceGroup, probe?: ProbeTarget): FirstPartySurface => ({
	id,
	name,
	group,
	kind: "first-party",
	...(probe ? { probe } : {}),
});

export const SURFACES: readonly Surface[] = [
	firstParty("app-raxx-app", "Web app (app.raxx.app)", "Apps", {
		url: "https://app.raxx.app/",
		expectStatus: 200,
	}),
	firstParty("ios-app", "iOS app", "Apps"),
	firstParty("android-app", "Android app", "Apps"),
	firstParty("public-api", "Public API", "Apps", {
		url: "https://api.raxx.app/health",
		expectStatus: 200,
	}),
	firstParty("login", "Login and sign-up", "Accounts"),
	firstParty("two-factor-auth", "Two-factor authentication", "Accounts"),
	firstParty("account-onboarding", "Account opening and KYC", "Accounts"),
	firstParty("portfolio", "Portfolio and positions", "Accounts"),
	firstParty("statements-tax-documents", "Statements and tax documents", "Accounts"),
	firstParty("order-placement", "Order placement", "Trading"),
	firstParty("order-execution", "Order execution and fills", "Trading"),
	firstParty("options-trading", "Options trading", "Trading"),
	firstParty("fractional-shares", "Fractional shares", "Trading"),
	firstParty("realtime-quotes", "Real-time quotes", "Market data"),
	firstParty("charts", "Charts and price history", "Market data"),
	firstParty("market-news", "Market news", "Market data"),
	firstParty("deposits", "Deposits", "Money movement"),
	firstParty("withdrawals", "Withdrawals", "Money movement"),
	firstParty("price-alerts", "Price alerts", "Communication"),
	firstParty("push-notifications", "Push notifications", "Communication"),
	{
		id: "cloudflare",
		name: "Cloudflare (edge network)",
		group: "Partners",
		kind: "partner",
		poll: {
			format: "statuspage",
			url: "https://www.cloudflarestatus.com/api/v2/summary.json",
			componentIds: [],
		},
	},
	{
		id: "alpaca",
		name: "Alpaca (brokerage)",
		group: "Partners",
		kind: "partner",
		poll: {
			format: "statuspage",
			url: "https://status.alpaca.markets/api/v2/summary.json",
			componentIds: [],
		},
	},
	{
		id: "plaid",
		name: "Plaid (bank linking)",
		group: "Partners",
		kind: "partner",
		poll: { format: "statuspage", url: "https://status.plaid.com/api/v2/summary.json", componentIds: [] },
	},
	{
		id: "heroku",
		name: "Heroku (Raptor backend)",
		group: "Partners",
		kind: "partner",
		poll: { format: "heroku", url: "https://status.heroku.com/api/v4/current-status", componentIds: [] },
	},
];

const SURFACES_BY_ID: ReadonlyMap<string, Surface> = new Map(SURFACES.map((surface) => [surface.id, surface]));

export function findSurface(id: string): Surface | undefined {
	return SURFACES_BY_ID.get(id);
}

export function isRegisteredSurface(id: string): boolean {
	return SURFACES_BY_ID.has(id);
}

/** How a surface is named to people: its registered name, or its id when it is no longer registered. */
export const surfaceName = (id: string): string => findSurface(id)?.name ?? id;

/** The answer to ids that name no registered surface. */
export const notRegistered = (ids: readonly string[]): string =>
	`No surface is registered with id '${ids.join("', '")}'.`;

const normalizeReference = (text: string) => text.trim().toLowerCase();
const SURFACES_BY_REFERENCE: ReadonlyMap<string, Surface> = new Map(
	SURFACES.flatMap((surface) => [
		[normalizeReference(surface.id), surface],
		[normalizeReference(surface.name), surface],
	]),
);

/** A surface named by a person (a helpdesk field): its id or its display name, in any case. */
export function findSurfaceByReference(text: string): Surface | undefined {
	return SURFACES_BY_REFERENCE.get(normalizeReference(text));
}
