import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv, promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docFiles, fencedBlocks, readDoc, root } from "../support/docs.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { answerMismatch } from "../support/shown-answers.ts";

// Every curl example in README.md and docs/*.md runs, and its answer is what the docs show.
// An example is a ```sh block that contains `curl`. It runs in bash (set -euo pipefail) against a
// Worker started as `npm start` starts it, one Worker per document, blocks in document order (so
// a later example may rely on what an earlier one wrote), with http://127.0.0.1:8787 replaced by
// that Worker's origin and .dev.vars.example's values by the ones the Worker runs with.
// The shown answer of a command is the run of `# ` comment lines right after it (a blank line
// ends it; a comment after a blank line is only a comment), or, for a block's last command, a
// ```json block right after the block. How a shown answer is compared: test/support/shown-answers.ts.

const LOCAL_ORIGIN = "http://127.0.0.1:8787";

interface Step {
	command: string;
	shown: string | null;
}

interface Example {
	line: number;
	steps: Step[];
}

function examplesOf(markdown: string): Example[] {
	const blocks = fencedBlocks(markdown);
	const examples: Example[] = [];
	for (const [index, block] of blocks.entries()) {
		if (block.lang !== "sh" || !/\bcurl\b/.test(block.body)) continue;
		const steps: Step[] = [];
		let command: string[] = [];
		let shown: string[] | null = null;
		const finish = () => {
			if (command.length > 0) steps.push({ command: command.join("\n"), shown: shown?.join("\n") ?? null });
			command = [];
			shown = null;
		};
		for (const line of block.body.split("\n")) {
			if (line.trim() === "") {
				finish();
				continue;
			}
			const comment = /^#( |$)(.*)$/.exec(line);
			if (comment) {
				if (command.length > 0) {
					shown = shown ?? [];
					shown.push(comment[2] ?? "");
				}
				continue;
			}
			if (shown !== null) finish();
			command.push(line);
		}
		finish();
		const next = blocks[index + 1];
		const last = steps.at(-1);
		if (last && last.shown === null && next?.lang === "json") last.shown = next.body;
		examples.push({ line: block.line, steps });
	}
	return examples;
}

const exampleValues = parseEnv(await readFile(join(root, ".dev.vars.example"), "utf8"));

describe.each(docFiles().filter((file) => examplesOf(readDoc(file)).length > 0))("the examples of %s", (file) => {
	let worker: LocalWorker;
	let work: string;
	let replacements: [string, string][] = [];

	beforeAll(async () => {
		// As the README starts it to watch notifications: subscribers on 127.0.0.1 allowed.
		worker = await startLocalWorker({ NOTIFICATIONS_ALLOW_LOOPBACK: "true" });
		work = await mkdtemp(join(tmpdir(), "docs-examples-"));
		const running = parseEnv(await readFile(join(root, ".dev.vars"), "utf8"));
		replacements = Object.entries(exampleValues)
			.filter(([name, value]) => value && running[name] && running[name] !== value)
			.map(([name, value]) => [value ?? "", running[name] ?? ""]);
	}, 150_000);

	afterAll(async () => {
		await worker?.stop();
		if (work) await rm(work, { recursive: true, force: true });
	});

	for (const example of examplesOf(readDoc(file))) {
		it(`${file}:${example.line} answers as shown`, async () => {
			const localise = (text: string) =>
				replacements.reduce(
					(done, [from, to]) => done.replaceAll(from, to),
					text.replaceAll(LOCAL_ORIGIN, worker.origin),
				);
			const script = ["set -euo pipefail", `cd ${JSON.stringify(work)}`]
				.concat(example.steps.map((step, index) => `{\n${localise(step.command)}\n} > "$OUT/${index}"`))
				.join("\n");
			const out = await mkdtemp(join(work, "out-"));
			await writeFile(join(out, "script.sh"), script);
			try {
				await promisify(execFile)("bash", [join(out, "script.sh")], {
					env: { ...process.env, OUT: out },
					timeout: 30_000,
				});
			} catch (error) {
				throw new Error(`the example failed: ${String(error)}\n${script}`);
			}
			for (const [index, step] of example.steps.entries()) {
				if (step.shown === null) continue;
				const actual = await readFile(join(out, String(index)), "utf8");
				const shown = localise(step.shown);
				expect(answerMismatch(shown, actual), `${step.command}\n# got: ${actual.slice(0, 2000)}`).toBeNull();
			}
		});
	}
});
