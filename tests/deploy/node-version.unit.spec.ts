// The project runs on the Node release of its `node` dependency: `npm run` puts node_modules/.bin
// first on the PATH, so `npm start`, `npm test` and CI run on it whatever Node the machine has (npm
// itself runs on the machine's). These checks fail when a script runs on an older Node, and when the
// places that name the release drift apart: package.json, the lockfile, @types/node, the Dockerfile.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const major = (version: string) => Number(/^\D*(\d+)/.exec(version)?.[1]);

type PackageJson = { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const pkg = JSON.parse(read('package.json')) as PackageJson;
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
const lockedNode = lock.packages['node_modules/node']?.version ?? '';
/** The lowest major `engines.node` allows (it is written `>=N`). */
const enginesMajor = major(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1] ?? '');

describe('the Node that runs the project', () => {
  it('is at least the major that engines.node names, and that is a maintained line (24 or newer)', () => {
    expect(enginesMajor).toBeGreaterThanOrEqual(24);
    expect(major(process.versions.node), `running on Node ${process.versions.node}`).toBeGreaterThanOrEqual(enginesMajor);
  });

  it('is the locked release of the node dependency when npm runs the tests', () => {
    // npm sets npm_lifecycle_event for `npm test` and `npm run …`; a bare vitest is checked by the test above.
    if (!process.env.npm_lifecycle_event) return;
    expect(process.versions.node).toBe(lockedNode);
  });
});

describe('the places that name the Node release agree', () => {
  it('the node dependency, its locked version and engines.node have one major', () => {
    expect(pkg.dependencies.node, 'node is a runtime dependency, so a production install has it too').toBeDefined();
    expect(major(pkg.dependencies.node!)).toBe(enginesMajor);
    expect(major(lockedNode)).toBe(enginesMajor);
  });

  it('@types/node describes the same major', () => {
    expect(major(pkg.devDependencies['@types/node'] ?? '')).toBe(enginesMajor);
  });

  it('the Dockerfile builds from the image of the locked Node release', () => {
    const image = /^ARG NODE_IMAGE=node:(\S+)$/m.exec(read('Dockerfile'))?.[1] ?? '';
    expect(image.split('-')[0]).toBe(lockedNode);
    expect(read('Dockerfile')).toMatch(/^FROM \$\{NODE_IMAGE\} AS runtime$/m);
  });
});
