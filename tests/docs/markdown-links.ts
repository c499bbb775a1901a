// Finds the relative links in Markdown files and checks that each names a file that exists and, when it
// carries an #anchor into a Markdown file, a heading of that file. Anchors follow GitHub's rule, so a
// link that works here works on GitHub: the heading's text lower-cased, punctuation removed (letters of
// any language kept, so "Forløb" stays "forløb"), each space a hyphen, and "-1", "-2" … for repeats.
import path from 'node:path';

export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

export interface BrokenLink extends MarkdownLink {
  readonly source: string;
  readonly reason: string;
}

/** What the checker may ask of the files: the kind of a path, and a Markdown file's text. */
export interface FileLookup {
  kind(file: string): 'file' | 'directory' | undefined;
  read(file: string): string;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
// [text](target "title") and ![alt](target); the text may hold one level of brackets.
const INLINE_LINK = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const CODE_SPAN = /(`+)[\s\S]*?\1/g;

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const opening = FENCE.exec(text);
    if (opening) {
      if (fence === undefined) fence = opening[1];
      else if (opening[1] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ text, line: index + 1 });
  });
  return out;
}

/** A heading's anchor as GitHub makes it, before repeats are numbered. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[((?:[^[\]]|\[[^\]]*\])*)\]\([^)]*\)/g, '$1') // a link or image keeps its text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, ''); // code spans and emphasis
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file's headings give, repeats numbered as GitHub numbers them. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = HEADING.exec(text);
    if (!heading) continue;
    const slug = githubSlug(heading[2] ?? '');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The links of a Markdown text, outside code blocks and code spans. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = text.replace(CODE_SPAN, (span) => ' '.repeat(span.length));
    const definition = REFERENCE_DEFINITION.exec(prose);
    if (definition) links.push({ target: unbracket(definition[1] ?? ''), line });
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ target: unbracket(match[1] ?? ''), line });
  }
  return links;
}

function unbracket(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** The relative links of one Markdown file (its path relative to the root) that do not resolve. */
export function brokenLinks(source: string, markdown: string, files: FileLookup): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const link of markdownLinks(markdown)) {
    if (isExternal(link.target)) continue;
    const hashAt = link.target.indexOf('#');
    const filePart = hashAt === -1 ? link.target : link.target.slice(0, hashAt);
    const anchor = hashAt === -1 ? undefined : decodeURIComponent(link.target.slice(hashAt + 1));
    const target =
      filePart === ''
        ? source
        : path.posix.normalize(path.posix.join(path.posix.dirname(source), decodeURIComponent(filePart))).replace(/\/$/, '');
    const report = (reason: string) => broken.push({ ...link, source, reason });
    if (target.startsWith('../') || path.posix.isAbsolute(target)) {
      report(`${target} lies outside the repository`);
      continue;
    }
    const kind = files.kind(target);
    if (kind === undefined) {
      report(`${target} does not exist`);
      continue;
    }
    if (anchor === undefined || !target.endsWith('.md')) continue;
    if (kind !== 'file' || !headingAnchors(files.read(target)).has(anchor)) {
      report(`${target} has no heading with the anchor #${anchor}`);
    }
  }
  return broken;
}
