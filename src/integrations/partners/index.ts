import type { PartnerStatusFormat } from "../../surfaces/registry";
import { readHeroku } from "./heroku";
import { readInstatus } from "./instatus";
import type { PartnerReading } from "./reading";
import { readStatusio } from "./statusio";
import { readStatuspage } from "./statuspage";

export { PartnerFormatError, type PartnerReading } from "./reading";

/** Maps a partner's status page, parsed from JSON, to the surface's state. */
export function readPartnerStatus(
	format: PartnerStatusFormat,
	body: unknown,
	trackedComponentIds: readonly string[],
): PartnerReading {
	switch (format) {
		case "statuspage":
			return readStatuspage(body, trackedComponentIds);
		case "instatus":
			return readInstatus(body);
		case "statusio":
			return readStatusio(body, trackedComponentIds);
		case "heroku":
			return readHeroku(body, trackedComponentIds);
	}
}
