import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { docFiles, headingAnchors, proseOf, readDoc, repoPathExists, root } from "../support/docs.ts";

// Docs and comments cite only what exists: every repository path named in README.md, docs/*.md
// and the comments of src/**/*.ts(x), and every relative markdown link and heading anchor.
// A path is a word starting with one of the repository's folders (`src/`, `test/`, `scripts/`,
// `docs/`, `drizzle/`, `.ci/`, `.github/`) not preceded by a letter, dot or slash (so URLs and
// paths relative to another folder are left alone); a glob (`src/**/*.ts`) must match something;
// a placeholder (`drizzle/NNNN_description.sql`) is skipped on purpose. A markdown file named
// without a folder must be README.md or one of docs/.

const REPO_PATH = /(?<![\w./@-])(?:src|test|scripts|docs|drizzle|\.ci|\.github)\/[\w.*/-]*[\w*/]/g;
const PLACEHOLDER = /NNNN/;

function repoPathsIn(text: string): string[] {
	return [...text.matchAll(REPO_PATH)].map((match) => match[0]).filter((path) => !PLACEHOLDER.test(path));
}

// A markdown file named alone (`design.md`) must be the README or one of docs/.
const BARE_MARKDOWN_FILE = /(?<![\w./-])[\w-]+\.md\b/g;

// A section cited by name (`README, "Uptime history"`) must be a heading of README.md or docs/;
// the original runbook's numbered sections are outside the repository.
const CITED_SECTION = /README[,:]?\s+["'“]([^"'”]+)["'”]/g;
const RUNBOOK_SECTION = /runbook(?:'s)?\s+(?:section\s+)?\d+[a-z]?\b/gi;

function headingTexts(): Set<string> {
	const texts = new Set<string>();
	for (const file of docFiles()) {
		for (const line of proseOf(readDoc(file)).split("\n")) {
			const heading = /^#{1,6}\s+(.*?)\s*$/.exec(line)?.[1];
			if (heading) texts.add(heading.replaceAll("`", "").toLowerCase());
		}
	}
	return texts;
}

function missingSections(text: string): string[] {
	const headings = headingTexts();
	const cited = [...text.matchAll(CITED_SECTION)]
		.filter((match) => !headings.has((match[1] ?? "").toLowerCase()))
		.map((match) => match[0]);
	return [...cited, ...[...text.matchAll(RUNBOOK_SECTION)].map((match) => match[0])];
}

function missingPaths(text: string): string[] {
	const bare = [...text.matchAll(BARE_MARKDOWN_FILE)]
		.map((match) => match[0])
		.filter((name) => !repoPathExists(name) && !repoPathExists(`docs/${name}`));
	return [...new Set([...repoPathsIn(text), ...bare])].filter((path) => !repoPathExists(path));
}

const MARKDOWN_LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Relative links (and their anchors) of one markdown file that lead nowhere. */
function brokenLinks(file: string): string[] {
	const broken: string[] = [];
	for (const match of proseOf(readDoc(file)).matchAll(MARKDOWN_LINK)) {
		const target = match[1] ?? "";
		if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
		const [path = "", anchor] = target.split("#", 2);
		const resolved = path === "" ? file : normalize(join(dirname(file), path));
		if (resolved.startsWith("..") || !repoPathExists(resolved)) {
			broken.push(`${target} (no ${resolved} in the repository)`);
			continue;
		}
		if (anchor !== undefined && resolved.endsWith(".md") && !headingAnchors(readDoc(resolved)).has(anchor)) {
			broken.push(`${target} (no heading #${anchor} in ${resolved})`);
		}
	}
	return broken;
}

/** The text of every comment of a TypeScript source file. */
function commentsOf(file: string): string {
	const text = readFileSync(join(root, file), "utf8");
	const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
	const comments = new Map<number, string>();
	const collect = (ranges: ts.CommentRange[] | undefined) => {
		for (const range of ranges ?? []) comments.set(range.pos, text.slice(range.pos, range.end));
	};
	const visit = (node: ts.Node) => {
		collect(ts.getLeadingCommentRanges(text, node.pos));
		collect(ts.getTrailingCommentRanges(text, node.end));
		node.forEachChild(visit);
	};
	visit(source);
	collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
	return [...comments.values()].join("\n");
}

function sourceFiles(): string[] {
	return ts.sys
		.readDirectory(join(root, "src"), [".ts", ".tsx"])
		.map((path) => relative(root, path))
		.sort();
}

describe("the path finder", () => {
	it("finds repository paths and leaves URLs, other folders' relative paths and placeholders alone", () => {
		expect(
			repoPathsIn(
				"see `src/db/schema.ts`, test/node/ and .ci/run. https://x.dev/src/a.ts status.raxx.app/docs/x " +
					"routes/index.ts drizzle/NNNN_description.sql (scripts/bench/*.ts)",
			),
		).toEqual(["src/db/schema.ts", "test/node/", ".ci/run", "scripts/bench/*.ts"]);
	});

	it("checks globs against the tree and follows GitHub's heading anchors", () => {
		expect(repoPathExists("src/http/routes/*.ts")).toBe(true);
		expect(repoPathExists("src/nowhere/*.ts")).toBe(false);
		expect([...headingAnchors("# A `b` c\n## Set up, start, test\n## Set up, start, test\n```\n# no\n```")]).toEqual([
			"a-b-c",
			"set-up-start-test",
			"set-up-start-test-1",
		]);
	});
});

describe("README.md and docs/ cite only what exists", () => {
	for (const file of docFiles()) {
		it(`${file}: every repository path exists`, () => {
			expect(missingPaths(readDoc(file))).toEqual([]);
		});
		it(`${file}: cites no section that does not exist`, () => {
			expect(missingSections(readDoc(file))).toEqual([]);
		});
		it(`${file}: every relative link and anchor leads somewhere`, () => {
			expect(brokenLinks(file)).toEqual([]);
		});
	}
});

describe("comments in src/ cite only what exists", () => {
	it("every repository path named in a comment exists", () => {
		const missing = sourceFiles().flatMap((file) => missingPaths(commentsOf(file)).map((path) => `${file}: ${path}`));
		expect(missing).toEqual([]);
	});

	it("every section cited by name is a heading of README.md or docs/, and none is the runbook's", () => {
		const missing = sourceFiles().flatMap((file) =>
			missingSections(commentsOf(file)).map((section) => `${file}: ${section}`),
		);
		expect(missing).toEqual([]);
	});
});
