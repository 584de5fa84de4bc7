/** The public id of a scheduled maintenance window: opaque, never the caller's key. */
export function publicMaintenanceId(id: number): string {
	return `mnt_${String(id).padStart(5, "0")}`;
}
