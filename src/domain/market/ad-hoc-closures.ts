import type { LocalDate } from "./local-date";

/**
 * Days the NYSE closed outside its rules (national days of mourning, emergencies). They win over
 * the rules. Add a new one here when the exchange announces it.
 */
export const AD_HOC_CLOSURES: Readonly<Record<LocalDate, string>> = {
	"2001-09-11": "Closed after the September 11 attacks",
	"2001-09-12": "Closed after the September 11 attacks",
	"2001-09-13": "Closed after the September 11 attacks",
	"2001-09-14": "Closed after the September 11 attacks",
	"2004-06-11": "National Day of Mourning for President Ronald Reagan",
	"2007-01-02": "National Day of Mourning for President Gerald R. Ford",
	"2012-10-29": "Closed for Hurricane Sandy",
	"2012-10-30": "Closed for Hurricane Sandy",
	"2018-12-05": "National Day of Mourning for President George H. W. Bush",
	"2025-01-09": "National Day of Mourning for President Jimmy Carter",
};
