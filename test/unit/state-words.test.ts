import { describe, expect, it } from "vitest";
import {
	capitalised,
	INCIDENT_STATUS_WORDS,
	incidentTitle,
	PHASE_WORDS,
	SHORT_STATE_WORDS,
	STATE_WORDS,
	severityWords,
} from "../../src/domain/state-words";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, SURFACE_STATES } from "../../src/domain/vocabulary";

describe("the words for each state", () => {
	it("say a state in Statuspage's words, and in few words on the uptime bar", () => {
		expect(SURFACE_STATES.map((state) => [STATE_WORDS[state], SHORT_STATE_WORDS[state]])).toEqual([
			["operational", "operational"],
			["degraded performance", "degraded"],
			["partial outage", "partial outage"],
			["major outage", "major outage"],
			["under maintenance", "maintenance"],
			["unknown", "no data"],
		]);
	});

	it("title an incident by its surface and the state its severity means", () => {
		expect(INCIDENT_SEVERITIES.map(severityWords)).toEqual([
			"degraded performance",
			"partial outage",
			"major outage",
			"under maintenance",
		]);
		expect(incidentTitle("Plaid", "down")).toBe("Plaid: major outage");
	});

	it("say where an incident stands and where a maintenance window is", () => {
		expect(INCIDENT_STATUSES.map((status) => INCIDENT_STATUS_WORDS[status])).toEqual([
			"Investigating",
			"Identified",
			"Monitoring",
			"Resolved",
		]);
		expect(PHASE_WORDS).toEqual({
			scheduled: "scheduled",
			in_progress: "in progress",
			completed: "completed",
			cancelled: "cancelled",
		});
		expect(capitalised("partial outage")).toBe("Partial outage");
		expect(capitalised("")).toBe("");
	});
});
