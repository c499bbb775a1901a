// The secrets that protect personal data: the AES keys that encrypt Temporal payloads and the HMAC
// key that pseudonymises CPR numbers in the access log. Parsed from the environment; for the
// one-machine default, `npm start` generates them once into DATA_DIR. Messages never print a key.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type PayloadKeys = { keys: ReadonlyMap<string, Uint8Array>; keyId: string };

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * `PAYLOAD_KEYS` = `keyId:base64key,keyId:base64key,…` (each key 32 bytes, AES-256) and
 * `PAYLOAD_KEY_ID` = the id that encrypts; every listed key decrypts, which is how keys rotate.
 * Without `PAYLOAD_KEY_ID` the first listed key encrypts.
 */
export function parsePayloadKeys(list: string, keyId?: string): PayloadKeys {
  const keys = new Map<string, Uint8Array>();
  for (const [index, entry] of list.split(',').map((e) => e.trim()).filter((e) => e.length > 0).entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id)) throw new Error(`PAYLOAD_KEYS entry ${index + 1} must be keyId:base64key, the id made of letters, digits, '.', '_' or '-'`);
    if (keys.has(id)) throw new Error(`PAYLOAD_KEYS lists the key id '${id}' twice`);
    const key = BASE64.test(encoded) ? Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    if (key.length !== 32) throw new Error(`PAYLOAD_KEYS key '${id}' must be 32 bytes (AES-256) in base64`);
    keys.set(id, new Uint8Array(key));
  }
  if (keys.size === 0) throw new Error('PAYLOAD_KEYS lists no key');
  const active = keyId ?? keys.keys().next().value!;
  if (!keys.has(active)) throw new Error(`PAYLOAD_KEY_ID '${active}' is not among the ids in PAYLOAD_KEYS`);
  return { keys, keyId: active };
}

/** A secret given as base64 (at least 32 bytes), e.g. CPR_HASH_KEY. */
export function parseSecretKey(name: string, encoded: string): Buffer {
  const trimmed = encoded.trim();
  const key = BASE64.test(trimmed) ? Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
  if (key.length < 32) throw new Error(`${name} must be at least 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/** Reads a secret file, or creates it once (mode 0600) with what `make` returns. */
function fileSecret(path: string, make: () => string): string {
  if (!existsSync(path)) writeFileSync(path, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}

/**
 * For `npm start` on one machine: the payload key and the CPR hash key the operator did not set,
 * generated once into `dataDir/payload-key` and `dataDir/cpr-hash-key` and reused on every start
 * (the Temporal history written with the key must stay readable). Returns the environment entries
 * to pass to the worker and the API.
 */
export function ensureLocalSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env.PAYLOAD_KEYS && env.PAYLOAD_ENCRYPTION !== 'off') {
    const entry = fileSecret(join(dataDir, 'payload-key'), () => `lokal-1:${randomBytes(32).toString('base64')}`);
    const { keyId } = parsePayloadKeys(entry);
    out.PAYLOAD_KEYS = entry;
    out.PAYLOAD_KEY_ID = keyId;
  }
  if (!env.CPR_HASH_KEY) {
    const key = fileSecret(join(dataDir, 'cpr-hash-key'), () => randomBytes(32).toString('base64'));
    parseSecretKey('CPR_HASH_KEY', key);
    out.CPR_HASH_KEY = key;
  }
  return out;
}
