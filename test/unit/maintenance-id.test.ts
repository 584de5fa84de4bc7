import { describe, expect, it } from "vitest";
import { publicMaintenanceId } from "../../src/domain/maintenance-id";

describe("public maintenance ids", () => {
	it("maintenance windows", () => {
		expect(publicMaintenanceId(7)).toBe("mnt_00007");
	});
});
