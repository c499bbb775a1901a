// Encryption of personal data the system stores outside Temporal (a decision letter's PDF), with the
// same keys as Temporal's payloads (PAYLOAD_KEYS, config/payload-keys.ts): AES-256-GCM, the key id
// kept beside the ciphertext so a blob written with an older key still decrypts after rotation. The
// key id and the blob's own name are authenticated, so a blob moved to another row does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from './env';
import { parsePayloadKeys, type PayloadKeys } from './payload-keys';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SealedBlob = { keyId: string | null; data: Buffer };

const aad = (keyId: string, name: string) => Buffer.from(`${keyId}\n${name}`, 'utf8');

/** `keys` undefined: PAYLOAD_ENCRYPTION=off, the blob is stored as it is (never with real citizens' data). */
export function sealBlob(keys: PayloadKeys | undefined, name: string, plain: Buffer): SealedBlob {
  if (!keys) return { keyId: null, data: plain };
  const key = keys.keys.get(keys.keyId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(keys.keyId, name));
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { keyId: keys.keyId, data: Buffer.concat([iv, encrypted, cipher.getAuthTag()]) };
}

export function openBlob(keys: PayloadKeys | undefined, name: string, sealed: SealedBlob): Buffer {
  if (sealed.keyId === null) return sealed.data;
  const key = keys?.keys.get(sealed.keyId);
  if (!key) throw new Error(`No key with id '${sealed.keyId}' to decrypt a stored document; list it in PAYLOAD_KEYS`);
  const { data } = sealed;
  if (data.length < IV_BYTES + TAG_BYTES) throw new Error('Stored document is too short to be encrypted');
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAAD(aad(sealed.keyId, name));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error(`Stored document failed authentication (key id '${sealed.keyId}'): tampered, moved or wrong key`);
  }
}

/** The keys from the configuration: undefined only with PAYLOAD_ENCRYPTION=off; no key at all fails. */
export function blobKeysOf(config: Pick<Config, 'payloadEncryption'>): PayloadKeys | undefined {
  const { keys, keyId, off } = config.payloadEncryption;
  if (keys) return parsePayloadKeys(keys, keyId);
  if (off) return undefined;
  throw new Error('Stored documents have no encryption key: set PAYLOAD_KEYS, or PAYLOAD_ENCRYPTION=off (never with real citizens\' data)');
}
