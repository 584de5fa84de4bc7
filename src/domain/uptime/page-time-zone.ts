import { isKnownTimeZone } from "../time-zone";

export const DEFAULT_PAGE_TIME_ZONE = "UTC";

/**
 * The status page's time zone (STATUS_PAGE_TIME_ZONE), named as configured (Intl would turn
 * Asia/Kolkata into Asia/Calcutta). A name the runtime does not know is a deployment mistake,
 * refused loudly rather than shown in another zone's days (`npm run check` refuses it first).
 */
export function pageTimeZone(configured: string | undefined): string {
	const name = configured?.trim() || DEFAULT_PAGE_TIME_ZONE;
	if (!isKnownTimeZone(name)) throw new RangeError(`STATUS_PAGE_TIME_ZONE is no IANA time zone: '${name}'`);
	return name;
}
