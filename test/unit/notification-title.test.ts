import { describe, expect, it } from "vitest";
import { renderBody } from "../../src/domain/notifications/bodies";
import { SUBSCRIBER_KINDS } from "../../src/domain/notifications/subscriber-url";
import { notificationEventOf } from "../../src/notify/event-of-row";

// The incident's title in what subscribers receive: the helpdesk's title from the outbox row's
// snapshot when it has one, else the generated one (rows written before titles have no field).

const PAGE = { id: "raxx-app", name: "raxx.app", url: "https://status.raxx.app/" };

function incidentEvent(title: string | null | undefined) {
	const after = {
		id: 12,
		surface_id: "order-placement",
		severity: "partial",
		public_note: "Some orders are delayed",
		opened_at: "2026-11-30T09:00:00.000Z",
		resolved_at: null,
		status: "investigating",
		updated_at: "2026-11-30T09:00:00.000Z",
		surface_state: "PARTIAL",
		...(title === undefined ? {} : { title }),
	};
	return notificationEventOf(
		{
			id: "evt_1",
			type: "incident.created",
			subjectKind: "incident",
			subjectId: "12",
			sequence: 1,
			after: JSON.stringify(after),
			before: null,
			occurredAt: "2026-11-30T09:00:01.000Z",
		},
		PAGE,
	);
}

describe("notification bodies name the incident by its title", () => {
	it("the helpdesk's title, in every kind of body", () => {
		const event = incidentEvent("Orders are delayed after the open");
		expect(event.subject).toMatchObject({ kind: "incident", title: "Orders are delayed after the open" });
		for (const kind of SUBSCRIBER_KINDS) {
			expect(renderBody(kind, event), kind).toContain("Orders are delayed after the open");
		}
	});

	it("the generated title when the snapshot has none, or a null one", () => {
		for (const title of [undefined, null]) {
			const event = incidentEvent(title);
			expect(event.subject).toMatchObject({ title: "Order placement: partial outage" });
			expect(renderBody("webhook", event)).toContain("Order placement: partial outage");
		}
	});
});
