// Checks docker-compose.yml without a Docker engine: the file is interpolated the way compose does
// it, validated against the Compose Specification's JSON schema (deploy/compose-spec.schema.json),
// and the stack's shape is asserted so that a change which breaks it fails here.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

// ---------------------------------------------------------------------------------------------
// Compose interpolation: ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
// ${VAR?error}, ${VAR:+alternative}, ${VAR+alternative}, and $$ for a literal $.

type Env = Readonly<Record<string, string | undefined>>;

class MissingVariableError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`required variable ${variable} is missing: ${detail}`);
  }
}

const VARIABLE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolateString(value: string, env: Env): string {
  return value.replace(
    VARIABLE,
    (_match, dollar: string | undefined, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (dollar) return '$';
      const name = (braced ?? bare) as string;
      const current = env[name];
      const unsetOrEmpty = current === undefined || current === '';
      switch (op) {
        case undefined:
          return current ?? '';
        case ':-':
          return unsetOrEmpty ? interpolateString(arg ?? '', env) : (current as string);
        case '-':
          return current === undefined ? interpolateString(arg ?? '', env) : current;
        case ':?':
          if (unsetOrEmpty) throw new MissingVariableError(name, arg ?? '');
          return current as string;
        case '?':
          if (current === undefined) throw new MissingVariableError(name, arg ?? '');
          return current;
        case ':+':
          return unsetOrEmpty ? '' : interpolateString(arg ?? '', env);
        case '+':
          return current === undefined ? '' : interpolateString(arg ?? '', env);
        default:
          throw new Error(`unsupported interpolation operator ${op}`);
      }
    },
  );
}

function interpolate(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolateString(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolate(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolate(value, env)]));
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// The compose file, raw and interpolated with the secrets an operator puts in .env.

interface DependsOn {
  condition: string;
}
interface Service {
  image?: string;
  build?: unknown;
  container_name?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: Record<string, DependsOn> | string[];
  deploy?: { replicas?: number; resources?: { limits?: { memory?: string } } };
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  ports?: (string | number | { published?: string | number; target?: number; host_ip?: string })[];
  restart?: string;
  init?: boolean;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const OPERATOR_ENV: Env = {
  POSTGRES_PASSWORD: 'test-postgres-password',
  FORLOEB_DB_PASSWORD: 'test-forloeb-password',
  PAYLOAD_KEYS: 'k1:test-key',
  PAYLOAD_KEY_ID: 'k1',
  CPR_HASH_KEY: 'test-hash-key',
  AUTH_ISSUER: 'https://login.example',
  AUTH_AUDIENCE: 'forloeb',
  AUTH_JWKS_URL: 'https://login.example/jwks',
  OIDC_CLIENT_ID: 'forloeb-ui',
};
/** Secrets the operator must give; the stack refuses to start without each. */
const REQUIRED_SECRETS = ['POSTGRES_PASSWORD', 'FORLOEB_DB_PASSWORD', 'PAYLOAD_KEYS', 'PAYLOAD_KEY_ID', 'CPR_HASH_KEY'];

const composeText = read('docker-compose.yml');
const rawCompose = parse(composeText, { merge: true }) as ComposeFile;
const compose = interpolate(rawCompose, OPERATOR_ENV) as ComposeFile;

function service(file: ComposeFile, name: string): Service {
  const found = file.services[name];
  if (!found) throw new Error(`service ${name} is missing from docker-compose.yml`);
  return found;
}

function environmentOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

function dependenciesOf(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

function healthcheckCommand(svc: Service): string {
  const test = svc.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

function imageParts(image: string): { name: string; tag: string } {
  const digestless = image.split('@')[0] as string;
  const lastSlash = digestless.lastIndexOf('/');
  const colon = digestless.lastIndexOf(':');
  if (colon <= lastSlash) return { name: digestless, tag: '' };
  return { name: digestless.slice(0, colon), tag: digestless.slice(colon + 1) };
}

function versionOf(tag: string): number[] {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  if (!match) throw new Error(`tag ${tag} does not start with a version number`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

const atLeast = (version: number[], minimum: number[]) => {
  for (let i = 0; i < minimum.length; i++) {
    const a = version[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
};

// ---------------------------------------------------------------------------------------------
// The Compose Specification's JSON schema, with validators for the formats it names.

const PORT = String.raw`\d{1,5}(?:-\d{1,5})?`;
const HOST_IP = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])`;

/**
 * The schema file names a meta-schema URI that Ajv does not bundle, and labels sub-schemas with
 * draft-04 style `id` members (JSON pointers to themselves, e.g. "#/definitions/service") that
 * Ajv 8 rejects. Both are labels only; the validation keywords are the draft-07 ones Ajv checks by
 * default, so the labels are removed. `properties` maps are left alone: there `id` would be a
 * property name.
 */
function withoutLegacyIds(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutLegacyIds(item));
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(
    ([key, value]) => parentKey === 'properties' || !((key === 'id' || key === '$schema') && typeof value === 'string'),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutLegacyIds(value, key)]));
}

function compileSchema() {
  const schema = withoutLegacyIds(JSON.parse(read('deploy/compose-spec.schema.json'))) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('duration', /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', new RegExp(`^(?:${HOST_IP}:(?:${PORT})?:|${PORT}:)?${PORT}(?:/(?:tcp|udp|sctp))?$`));
  ajv.addFormat('expose', new RegExp(`^${PORT}(?:/(?:tcp|udp|sctp))?$`));
  ajv.addFormat('subnet_ip_address', /^[0-9A-Fa-f.:]+\/\d{1,3}$/);
  return ajv.compile(schema);
}

const validateCompose = compileSchema();

function schemaErrors(document: unknown): string[] {
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const clone = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('is valid once interpolated with the required secrets', () => {
    expect(schemaErrors(compose)).toEqual([]);
  });

  it.each([
    ['a replica count that is not a number', (c: ComposeFile) => void (service(c, 'worker').deploy = { replicas: 'two' as unknown as number })],
    ['an unknown service key', (c: ComposeFile) => void Object.assign(service(c, 'api'), { imagee: 'x' })],
    ['a malformed healthcheck interval', (c: ComposeFile) => void Object.assign(service(c, 'api').healthcheck ?? {}, { interval: '10 seconds' })],
    ['an unknown depends_on condition', (c: ComposeFile) => void (service(c, 'worker').depends_on = { api: { condition: 'service_ready' } })],
    ['a malformed port mapping', (c: ComposeFile) => void (service(c, 'api').ports = ['localhost:3000:3000:3000'])],
  ])('rejects a copy with %s (the validator really validates)', (_what, breakIt) => {
    const broken = clone(compose);
    breakIt(broken);
    expect(schemaErrors(broken)).not.toEqual([]);
  });
});

describe('docker-compose.yml: interpolation and secrets', () => {
  it.each([...REQUIRED_SECRETS, 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'OIDC_CLIENT_ID'])('refuses to start without %s', (variable) => {
    const env = { ...OPERATOR_ENV, [variable]: undefined };
    expect(() => interpolate(rawCompose, env)).toThrow(MissingVariableError);
    expect(() => interpolate(rawCompose, { ...OPERATOR_ENV, [variable]: '' })).toThrow(variable);
  });

  it('hard-codes no password, key or secret: every such value comes from the environment', () => {
    const secretLike = /(PASSWORD|PWD|SECRET|TOKEN|_KEY)$/;
    const offenders: string[] = [];
    for (const [name, svc] of Object.entries(rawCompose.services)) {
      for (const [key, value] of Object.entries(environmentOf(svc))) {
        if (secretLike.test(key) && !/\$\{[A-Z_]+(?::?[-?][^}]*)?\}/.test(value)) offenders.push(`${name}.${key}`);
        if (key === 'DATABASE_URL' && !/:\$\{FORLOEB_DB_PASSWORD:\?[^}]+\}@/.test(value)) offenders.push(`${name}.${key}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('passes the payload keys, the CPR hash key and the OIDC settings to the worker and the API', () => {
    for (const name of ['worker', 'api']) {
      const env = environmentOf(service(compose, name));
      for (const variable of [...REQUIRED_SECRETS.slice(2), 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'OIDC_CLIENT_ID']) {
        expect(env[variable], `${name}.${variable}`).toBe(OPERATOR_ENV[variable]);
      }
    }
  });

  it('documents every variable the file reads in deploy/env.example, with the secrets left empty', () => {
    const example = read('deploy/env.example');
    const variables = new Set<string>();
    const collect = (node: unknown): void => {
      if (typeof node === 'string') for (const m of node.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) variables.add(m[1] as string);
      else if (node !== null && typeof node === 'object') Object.values(node).forEach(collect);
    };
    collect(rawCompose);
    expect(variables.size).toBeGreaterThan(0);
    for (const variable of variables) expect(example, variable).toMatch(new RegExp(`^#? ?${variable}=`, 'm'));
    for (const secret of REQUIRED_SECRETS) {
      expect(example).toMatch(new RegExp(`^${secret}=$`, 'm'));
    }
  });
});

describe('docker-compose.yml: the stack', () => {
  const required = ['postgresql', 'temporal-admin-tools', 'temporal', 'temporal-create-namespace', 'temporal-ui', 'worker', 'api'];

  it('has every service of the stack', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(required));
  });

  it('pins every image to an explicit version, never latest', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(svc.image, `${name} names its image`).toBeTruthy();
      const { tag } = imageParts(svc.image as string);
      expect(tag, `${name} (${svc.image}) has a tag`).not.toBe('');
      expect(tag, `${name} (${svc.image})`).not.toMatch(/^latest$/i);
      expect(tag, `${name} (${svc.image}) is a version`).toMatch(/^\d+\.\d+/);
    }
  });

  it('runs Temporal server 1.29 or newer with admin-tools of the same version, UI 2.x and PostgreSQL 16 or 17', () => {
    const server = imageParts(service(compose, 'temporal').image as string);
    const adminTools = imageParts(service(compose, 'temporal-admin-tools').image as string);
    const namespaceJob = imageParts(service(compose, 'temporal-create-namespace').image as string);
    const ui = imageParts(service(compose, 'temporal-ui').image as string);
    const postgres = imageParts(service(compose, 'postgresql').image as string);

    expect(server.name).toBe('temporalio/server');
    expect(atLeast(versionOf(server.tag), [1, 29, 0])).toBe(true);
    expect(adminTools).toEqual({ name: 'temporalio/admin-tools', tag: server.tag });
    expect(namespaceJob).toEqual(adminTools);
    expect(ui.name).toBe('temporalio/ui');
    expect(versionOf(ui.tag)[0]).toBe(2);
    expect(postgres.name).toBe('postgres');
    expect([16, 17]).toContain(versionOf(postgres.tag)[0]);
  });

  it('keeps PostgreSQL data in a named volume', () => {
    const volumes = service(compose, 'postgresql').volumes ?? [];
    const data = volumes.find((v) => typeof v === 'string' && v.endsWith(':/var/lib/postgresql/data')) as string | undefined;
    expect(data).toBeDefined();
    const volumeName = (data as string).split(':')[0] as string;
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
  });

  it('sets up the Temporal schemas before the server starts, and the namespace after it is healthy', () => {
    expect(dependenciesOf(service(compose, 'temporal-admin-tools'))).toMatchObject({ postgresql: 'service_healthy' });
    expect(service(compose, 'temporal-admin-tools').command).toEqual(['schema']);
    expect(dependenciesOf(service(compose, 'temporal'))).toMatchObject({
      'temporal-admin-tools': 'service_completed_successfully',
    });
    expect(dependenciesOf(service(compose, 'temporal-create-namespace'))).toMatchObject({ temporal: 'service_healthy' });
    expect(service(compose, 'temporal-create-namespace').command).toEqual(['namespace']);
    for (const job of ['temporal-admin-tools', 'temporal-create-namespace']) {
      expect(service(compose, job).restart, `${job} is a one-shot job`).toBe('no');
      expect(service(compose, job).entrypoint).toEqual(['/bin/sh', '/opt/forloeb/temporal-setup.sh']);
    }
    expect(environmentOf(service(compose, 'temporal-create-namespace')).TEMPORAL_NAMESPACE).toBe(
      environmentOf(service(compose, 'worker')).TEMPORAL_NAMESPACE,
    );
  });

  it('runs the Temporal server on PostgreSQL, reachable from the other containers', () => {
    const env = environmentOf(service(compose, 'temporal'));
    expect(env).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql', BIND_ON_IP: '0.0.0.0' });
    expect(env.POSTGRES_PWD).toBe(OPERATOR_ENV.POSTGRES_PASSWORD);
    expect(healthcheckCommand(service(compose, 'temporal'))).toContain('7233');
    expect(dependenciesOf(service(compose, 'temporal-ui'))).toHaveProperty('temporal');
    expect(environmentOf(service(compose, 'temporal-ui')).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it.each(['worker', 'api'])('starts %s only once Temporal is up and the namespace exists', (name) => {
    const deps = dependenciesOf(service(compose, name));
    expect(['service_healthy', 'service_started']).toContain(deps.temporal);
    expect(deps['temporal-create-namespace']).toBe('service_completed_successfully');
  });

  it('starts the worker after the API, which applies the migrations', () => {
    expect(dependenciesOf(service(compose, 'worker')).api).toBe('service_healthy');
    expect(dependenciesOf(service(compose, 'api')).postgresql).toBe('service_healthy');
  });

  it('runs two worker replicas of the project image', () => {
    const worker = service(compose, 'worker');
    expect(worker.deploy?.replicas).toBe(2);
    expect(worker.container_name, 'a fixed container name prevents replicas').toBeUndefined();
    expect(worker.command).toEqual(['node', '--import', 'tsx', 'worker/main.ts']);
    expect(worker.init).toBe(true);
  });

  it('runs the API from the same image, on all interfaces inside its container', () => {
    const api = service(compose, 'api');
    expect(api.image).toBe(service(compose, 'worker').image);
    expect(imageParts(api.image as string).name).toBe('forloeb-engine');
    expect(api.build).toBeDefined();
    expect(api.command).toEqual(['node', '--import', 'tsx', 'api/server.ts']);
    expect(environmentOf(api)).toMatchObject({ API_HOST: '0.0.0.0', API_PORT: '3000' });
    expect(api.ports).toContainEqual('127.0.0.1:3000:3000');
  });

  it('gives the worker and the API the configuration they read', () => {
    for (const name of ['worker', 'api']) {
      const env = environmentOf(service(compose, name));
      expect(env, name).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'forloeb',
        LOG_LEVEL: 'info',
      });
      const url = new URL(env.DATABASE_URL as string);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgresql');
      expect(url.pathname).toBe('/forloeb');
      expect(decodeURIComponent(url.password)).toBe(OPERATOR_ENV.FORLOEB_DB_PASSWORD);
    }
  });

  it('checks the API over HTTP with node, since the image has neither curl nor wget', () => {
    const check = healthcheckCommand(service(compose, 'api'));
    expect(check).toMatch(/^CMD node -e /);
    expect(check).toMatch(/http:\/\/127\.0\.0\.1:3000\/(ready|health)\b/);
    for (const [name, svc] of Object.entries(compose.services)) {
      expect(healthcheckCommand(svc), name).not.toMatch(/\b(curl|wget)\b/);
    }
  });

  it('publishes ports on the host loopback by default', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const port of svc.ports ?? []) {
        expect(String(port), `${name} publishes ${String(port)}`).toMatch(/^127\.0\.0\.1:/);
      }
    }
    expect(service(compose, 'postgresql').ports, 'PostgreSQL is not published').toBeUndefined();
  });

  it('mounts only files that exist in the repository', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const volume of svc.volumes ?? []) {
        const source = typeof volume === 'string' ? (volume.split(':')[0] as string) : (volume.source ?? '');
        if (source.startsWith('./')) expect(existsSync(`${root}${source.slice(2)}`), `${name} mounts ${source}`).toBe(true);
      }
    }
  });
});

describe('deploy/temporal-setup.sh', () => {
  const script = read('deploy/temporal-setup.sh');
  const code = script
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');

  it('uses neither curl nor wget (admin-tools images from 1.31 on ship without curl)', () => {
    expect(code).not.toMatch(/\b(curl|wget)\b/);
  });

  it('creates both Temporal databases with temporal-sql-tool and registers the namespace with the CLI', () => {
    expect(code).toMatch(/temporal-sql-tool/);
    expect(code).toMatch(/\bcreate\b/);
    expect(code).toMatch(/setup-schema -v 0\.0/);
    expect(code).toMatch(/update-schema -d/);
    expect(code).toMatch(/temporal_visibility/);
    expect(code).toMatch(/temporal operator namespace create/);
    expect(code).toMatch(/temporal operator cluster health/);
  });

  it('never passes the database password on the command line', () => {
    expect(code).not.toMatch(/--password|--pw\b/);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile');

  // Which release: tests/deploy/node-version.unit.spec.ts (the one package-lock.json locks).
  it('builds from a pinned Node image', () => {
    const args = Object.fromEntries(
      [...dockerfile.matchAll(/^ARG\s+([A-Za-z_]+)=(\S+)/gm)].map((m) => [m[1] as string, m[2] as string]),
    );
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) =>
      (m[1] as string).replace(/\$\{(\w+)\}/g, (_s, name: string) => args[name] ?? ''),
    );
    const stages = new Set([...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1] as string));
    const external = bases.filter((base) => !stages.has(base));
    expect(external.length).toBeGreaterThan(0);
    for (const base of external) {
      const { name, tag } = imageParts(base);
      expect(name).toBe('node');
      expect(tag).toMatch(/^\d+\.\d+\.\d+-/);
    }
  });

  it('skips the Temporal tool download in npm ci and installs production dependencies only', () => {
    const skip = dockerfile.search(/SKIP_TEMPORAL_TOOLS=1/);
    const install = dockerfile.search(/npm ci\b/);
    expect(skip).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(skip);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('runs as the unprivileged node user and starts the API by default', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "api\/server\.ts"\]$/m);
  });

  it('keeps secrets, dependencies and local state out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['.env', '.env.*', 'node_modules', '.tools', '.data', '.git']) expect(ignored).toContain(entry);
  });
});
