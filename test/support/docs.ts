import { existsSync, globSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// What the docs tests read: README.md and docs/*.md, split into the parts they check.

export const root = join(import.meta.dirname, "..", "..");

/** README.md and every docs/*.md, as paths relative to the project's root. */
export function docFiles(): string[] {
	const docs = readdirSync(join(root, "docs"))
		.filter((name) => name.endsWith(".md"))
		.sort()
		.map((name) => `docs/${name}`);
	return ["README.md", ...docs];
}

export function readDoc(file: string): string {
	return readFileSync(join(root, file), "utf8");
}

export interface FencedBlock {
	lang: string;
	body: string;
	/** 1-based line of the opening fence. */
	line: number;
}

export function fencedBlocks(markdown: string): FencedBlock[] {
	const blocks: FencedBlock[] = [];
	const lines = markdown.split("\n");
	for (let i = 0; i < lines.length; i++) {
		const open = /^(`{3,})(\S*)\s*$/.exec(lines[i] ?? "");
		if (!open) continue;
		const fence = open[1] ?? "```";
		const start = i;
		const body: string[] = [];
		for (i++; i < lines.length && !(lines[i] ?? "").startsWith(fence); i++) body.push(lines[i] ?? "");
		blocks.push({ lang: open[2] ?? "", body: body.join("\n"), line: start + 1 });
	}
	return blocks;
}

/** The markdown outside fenced code blocks, line for line (fenced lines blanked). */
export function proseOf(markdown: string): string {
	let fence: string | null = null;
	return markdown
		.split("\n")
		.map((line) => {
			const marker = /^(`{3,})/.exec(line)?.[1];
			if (fence === null && marker) {
				fence = marker;
				return "";
			}
			if (fence !== null) {
				if (line.startsWith(fence)) fence = null;
				return "";
			}
			return line;
		})
		.join("\n");
}

/** GitHub's anchors for the headings of a markdown file (lower case, punctuation dropped, `-1` for repeats). */
export function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of proseOf(markdown).split("\n")) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
		const slug = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
			.replace(/\s/g, "-");
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Whether a repository path (a file, a folder, or a glob) names something that exists. */
export function repoPathExists(path: string): boolean {
	if (/[*?{]/.test(path)) return globSync(path, { cwd: root }).length > 0;
	return existsSync(join(root, path));
}
