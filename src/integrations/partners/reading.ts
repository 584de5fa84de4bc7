import type { z } from "zod";
import { worstState } from "../../domain/severity";
import type { SurfaceState } from "../../domain/vocabulary";

/** What one partner status page says about the surface. */
export interface PartnerReading {
	state: SurfaceState;
	/** Tracked component ids the page no longer lists (renamed or removed); the page level was used. */
	missingComponents: string[];
}

/** The page answered, but not in the shape its format promises: counts as a failed poll. */
export class PartnerFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "PartnerFormatError";
	}
}

export function parseOrFail<T>(schema: z.ZodType<T>, body: unknown, format: string): T {
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		throw new PartnerFormatError(`not a ${format} page: ${first?.path.join(".") || "(body)"}: ${first?.message}`);
	}
	return parsed.data;
}

/** The worst of several states; OPERATIONAL when there are none (an empty list says nothing is wrong). */
export function worstOrOperational(states: SurfaceState[]): SurfaceState {
	const worst = worstState(states);
	return worst === "UNKNOWN" ? "OPERATIONAL" : worst;
}

/**
 * Reads tracked components by id where the page lists them all; when any is missing (partners
 * rename and remove components) the whole page decides instead.
 */
export function trackedOrPage<C>(
	trackedIds: readonly string[],
	components: ReadonlyMap<string, C>,
	componentState: (component: C) => SurfaceState,
	pageState: () => SurfaceState,
): PartnerReading {
	const missingComponents = trackedIds.filter((id) => !components.has(id));
	if (trackedIds.length === 0 || missingComponents.length > 0) return { state: pageState(), missingComponents };
	const states = trackedIds.flatMap((id) => {
		const component = components.get(id);
		return component === undefined ? [] : [componentState(component)];
	});
	return { state: worstOrOperational(states), missingComponents };
}
