import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenLinks, githubSlug, headingAnchors, markdownLinks, type FileLookup } from './markdown-links.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const repository: FileLookup = {
  kind(file) {
    try {
      return statSync(path.join(root, file)).isDirectory() ? 'directory' : 'file';
    } catch {
      return undefined;
    }
  },
  read: (file) => readFileSync(path.join(root, file), 'utf8'),
};

function documentation(): string[] {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.posix.join('docs', file.split(path.sep).join('/')));
  return ['README.md', ...docs.sort()];
}

/** A lookup over files given in the test, as the repository would answer. */
function filesOf(contents: Record<string, string>): FileLookup {
  return {
    kind: (file) =>
      file in contents ? 'file' : Object.keys(contents).some((name) => name.startsWith(`${file}/`)) ? 'directory' : undefined,
    read: (file) => contents[file] ?? '',
  };
}

describe('GitHub heading anchors', () => {
  it.each([
    ['The forløb', 'the-forløb'],
    ['Drift under fejl', 'drift-under-fejl'],
    ['Writing your municipality’s own regelsæt', 'writing-your-municipalitys-own-regelsæt'],
    ['Example: Aarhus, §140', 'example-aarhus-140'],
    ['`npm run chaos`', 'npm-run-chaos'],
    ['Åben frist? Tillægsbevilling (§86)', 'åben-frist-tillægsbevilling-86'],
    ['Brøndby & Nyborg — udeblivelse', 'brøndby--nyborg--udeblivelse'],
    ['`udeblivelse` (no-shows) and `aflysning`', 'udeblivelse-no-shows-and-aflysning'],
    ['The [watchdog](operations.md) and *repair*', 'the-watchdog-and-repair'],
    ['forloeb_events_superseded', 'forloeb_events_superseded'],
  ])('%s → #%s', (heading, anchor) => {
    expect(githubSlug(heading)).toBe(anchor);
  });

  it('numbers repeated headings and ignores headings in code blocks', () => {
    const anchors = headingAnchors('# Læsemodel\n## Benchmark\n```sh\n# Benchmark\n```\n### Benchmark\n## Benchmark\n');
    expect([...anchors]).toEqual(['læsemodel', 'benchmark', 'benchmark-1', 'benchmark-2']);
  });
});

describe('the link checker', () => {
  const files = filesOf({
    'README.md': '',
    'docs/operations.md': '# Drift under fejl\n## Førstehjælp\n## Benchmark\n## Benchmark\n',
    'docs/screenshots/opgaver.png': '',
  });

  it('finds links outside code, images and reference definitions included', () => {
    const links = markdownLinks(
      'See [ops](docs/operations.md "title") and ![shot](<docs/screenshots/opgaver.png>).\n' +
        '`[not](a-link.md)`\n```md\n[not](either.md)\n```\n[ref]: docs/x.md\n',
    );
    expect(links).toEqual([
      { target: 'docs/operations.md', line: 1 },
      { target: 'docs/screenshots/opgaver.png', line: 1 },
      { target: 'docs/x.md', line: 6 },
    ]);
  });

  it('accepts files, folders, anchors (Danish, percent-encoded, numbered) and external links', () => {
    const markdown = [
      '[a](operations.md) [b](operations.md#førstehjælp) [c](operations.md#f%C3%B8rstehj%C3%A6lp)',
      '[d](operations.md#benchmark-1) [e](screenshots/) [f](../README.md) [g](#drift-under-fejl)',
      '[h](https://temporal.io/#nothing-checked) [i](mailto:drift@example.dk)',
    ].join('\n');
    expect(brokenLinks('docs/operations.md', markdown, files)).toEqual([]);
  });

  it('reports a missing file, a missing anchor and a path out of the repository, with their lines', () => {
    const markdown = '[a](docs/operation.md)\n[b](docs/operations.md#benchmark-2)\n[c](#nowhere) [d](../outside.md)\n';
    const broken = brokenLinks('README.md', markdown, files);
    expect(broken.map(({ target, line, source }) => ({ target, line, source }))).toEqual([
      { target: 'docs/operation.md', line: 1, source: 'README.md' },
      { target: 'docs/operations.md#benchmark-2', line: 2, source: 'README.md' },
      { target: '#nowhere', line: 3, source: 'README.md' },
      { target: '../outside.md', line: 3, source: 'README.md' },
    ]);
    expect(broken[1]?.reason).toBe('docs/operations.md has no heading with the anchor #benchmark-2');
  });
});

describe('README.md and docs/', () => {
  it('have no broken relative link or anchor', () => {
    const files = documentation();
    expect(files).toContain('docs/architecture.md');
    const broken = files.flatMap((file) => brokenLinks(file, repository.read(file), repository));
    expect(broken.map(({ source, line, target, reason }) => `${source}:${line} ${target}: ${reason}`)).toEqual([]);
  });

  it('link every page of docs/ from the README', () => {
    const linked = new Set(
      markdownLinks(repository.read('README.md')).map(({ target }) => target.split('#')[0]),
    );
    const unlinked = documentation().filter((file) => file !== 'README.md' && !linked.has(file));
    expect(unlinked).toEqual([]);
  });
});
