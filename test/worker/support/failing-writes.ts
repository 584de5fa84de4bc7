import { env } from "cloudflare:workers";

/** A trigger that makes every write of `table` fail, as a D1 error would; dropped by the returned function. */
export async function failWritesTo(table: string): Promise<() => Promise<void>> {
	const name = `fail_${table}`;
	await env.DB.batch([
		env.DB.prepare(
			`CREATE TRIGGER ${name}_insert BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
		),
		env.DB.prepare(
			`CREATE TRIGGER ${name}_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
		),
	]);
	return async () => {
		await env.DB.batch([
			env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}_insert`),
			env.DB.prepare(`DROP TRIGGER IF EXISTS ${name}_update`),
		]);
	};
}
