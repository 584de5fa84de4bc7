import { MAINTENANCE_TITLE_MAX_LENGTH, PUBLIC_NOTE_MAX_LENGTH } from "../../vocabulary";

// What one notification body holds at most, whatever the event carries: every list is capped and
// every text cut, so that each body stays within its receiver's limits (test/unit/notification-bodies.test.ts).

/** Surfaces named in one body; an incident or window over more names the first ones. */
export const MAX_SURFACES = 20;

/** Updates of an incident's timeline in a Statuspage body (newest first); the generic body has only the latest. */
export const MAX_UPDATES = 10;

/** A note (an update's or a window's public note), in characters, as the writers' own limit. */
export const NOTE_MAX = PUBLIC_NOTE_MAX_LENGTH;

/** A title (an incident's or a window's), in characters. */
export const TITLE_MAX = MAINTENANCE_TITLE_MAX_LENGTH;

/** A surface's or the page's name, in characters. */
export const NAME_MAX = 80;

/** The generic body, in bytes of UTF-8. */
export const GENERIC_BODY_MAX_BYTES = 20 * 1024;
