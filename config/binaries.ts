// Where the Temporal binaries are: an explicit path in the environment wins, then one on PATH,
// then the copies the project's install put in .tools/. Nothing is ever downloaded.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PROJECT_ROOT } from './env';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function resolveBinary(name: string, explicit: string | undefined, envName: string): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${envName}=${explicit} is not an executable file`);
    return explicit;
  }
  const found = onPath(name) ?? join(PROJECT_ROOT, '.tools', 'bin', name);
  if (!isExecutable(found)) {
    throw new Error(`The ${name} binary was not found: run \`npm install\` (it installs .tools/) or set ${envName}`);
  }
  return found;
}

export const temporalCliPath = (explicit = process.env.TEMPORAL_CLI) => resolveBinary('temporal', explicit, 'TEMPORAL_CLI');

export const temporalTestServerPath = (explicit = process.env.TEMPORAL_TEST_SERVER) =>
  resolveBinary('temporal-test-server', explicit, 'TEMPORAL_TEST_SERVER');
