// Encryption of every Temporal payload (arguments, results, queries, updates, failures), so no CPR
// number or health information is stored in Temporal in the clear. AES-256-GCM; the key id travels in
// the payload's metadata, so a payload written with an older key still decrypts after rotation.
// One memoised getDataConverter() serves the worker and the client.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import type { Config } from './env';
import { parsePayloadKeys, type PayloadKeys } from './payload-keys';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

/** Encodes error messages and stack traces as payloads (`encodeCommonAttributes`), see the file. */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A payload encrypted with a key id this process does not hold (the codec server answers it as the caller's problem). */
export class UnknownPayloadKeyError extends ValueError {
  constructor(readonly keyId: string) {
    super(`No key with id '${keyId}' to decrypt a payload; list it in PAYLOAD_KEYS`);
  }
}

/** The whole payload (its metadata and data) is serialised, then encrypted; nothing of it stays readable. */
function serialise(payload: Payload): Buffer {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return Buffer.from(JSON.stringify({ metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }));
}

function deserialise(bytes: Buffer): Payload {
  const parsed = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, string>; data: string };
  return {
    metadata: Object.fromEntries(Object.entries(parsed.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(parsed.data, 'base64')),
  };
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { keyId } = this.keys;
    const key = this.keys.keys.get(keyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a payload relabelled with another id does not decrypt.
      cipher.setAAD(Buffer.from(keyId));
      const encrypted = Buffer.concat([cipher.update(serialise(payload)), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8.encode(ENCODING_ENCRYPTED), [METADATA_KEY_ID]: utf8.encode(keyId) },
        data: new Uint8Array(Buffer.concat([iv, encrypted, cipher.getAuthTag()])),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || fromUtf8.decode(encoding) !== ENCODING_ENCRYPTED) return payload;
      const rawId = payload.metadata?.[METADATA_KEY_ID];
      if (!rawId) throw new ValueError('Encrypted payload without an encryption key id');
      const keyId = fromUtf8.decode(rawId);
      const key = this.keys.keys.get(keyId);
      if (!key) throw new UnknownPayloadKeyError(keyId);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new ValueError(`Encrypted payload failed authentication (key id '${keyId}'): tampered or wrong key`);
      }
      return deserialise(plain);
    });
  }
}

/** The data converter for worker and client with these keys. */
export function createDataConverter(keys: PayloadKeys): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

let memo: { converter: DataConverter | undefined } | undefined;

/**
 * The data converter from the configuration, built once per process. Undefined only when
 * PAYLOAD_ENCRYPTION=off is set explicitly; no key at all is a misconfiguration and fails at start.
 */
export function getDataConverter(config: Pick<Config, 'payloadEncryption'>): DataConverter | undefined {
  if (memo) return memo.converter;
  const { keys, keyId, off } = config.payloadEncryption;
  let converter: DataConverter | undefined;
  if (keys) converter = createDataConverter(parsePayloadKeys(keys, keyId));
  else if (off) converter = undefined;
  else {
    throw new Error(
      'Temporal payload encryption has no key: set PAYLOAD_KEYS (keyId:base64key,…, 32-byte keys) and PAYLOAD_KEY_ID, ' +
        'or PAYLOAD_ENCRYPTION=off to run without encryption (never with real citizens\' data). `npm start` generates a local key by itself.',
    );
  }
  memo = { converter };
  return converter;
}
