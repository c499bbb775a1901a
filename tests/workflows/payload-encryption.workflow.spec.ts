// Personal data in Temporal is encrypted: the payload codec alone (round trip, key rotation, tampering,
// failure messages), and a §140 forløb on the time-skipping server whose whole history holds no CPR
// number when worker and client use the codec (and does hold it without, as a control).
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type DataConverter, type FailureConverter, type Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createActivities } from '../../activities';
import { AesGcmPayloadCodec, createDataConverter, ENCODING_ENCRYPTED, FAILURE_CONVERTER_PATH, getDataConverter } from '../../config/data-converter';
import { parsePayloadKeys } from '../../config/payload-keys';
import type { RecordedEvent } from '../../domain/forloeb';
import { findRegelsaet } from '../../domain/regelsaet';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { bookStartUpdate, getForloebQuery, OUTBOX_IN_MAIN_LOOP_PATCH, recordVisitationUpdate, refusalOfFailure, type ForloebWorkflowInput } from '../../workflows/forloeb.messages';
import { startTimeSkipping, workflowBundle } from '../support/temporal';

const CPR = '010190-1234';
const key = () => randomBytes(32).toString('base64');
const text = (p: Payload) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8');
const meta = (p: Payload, name: string) => Buffer.from(p.metadata?.[name] ?? new Uint8Array()).toString('utf8');

describe('the payload codec (AES-256-GCM)', () => {
  const oldKey = key();
  const newKey = key();
  const plain = defaultPayloadConverter.toPayload({ cpr: CPR, note: 'knæ' });

  it('round-trips a payload and leaves nothing of it readable', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${oldKey}`));
    const [encrypted] = await codec.encode([plain]);
    expect(meta(encrypted!, 'encoding')).toBe(ENCODING_ENCRYPTED);
    expect(meta(encrypted!, 'encryption-key-id')).toBe('k1');
    expect(text(encrypted!)).not.toContain('010190');
    expect(text(encrypted!)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ cpr: CPR, note: 'knæ' });
    // The same payload twice gives two ciphertexts (fresh IV).
    const [again] = await codec.encode([plain]);
    expect(text(again!)).not.toBe(text(encrypted!));
  });

  it('decrypts a payload of an old key after rotation, and encrypts with the new one', async () => {
    const before = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${oldKey}`));
    const [old] = await before.encode([plain]);
    const after = new AesGcmPayloadCodec(parsePayloadKeys(`k2:${newKey},k1:${oldKey}`, 'k2'));
    expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual({ cpr: CPR, note: 'knæ' });
    const [fresh] = await after.encode([plain]);
    expect(meta(fresh!, 'encryption-key-id')).toBe('k2');
    // Once the old key is removed from the list, its payloads no longer decrypt.
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(`k2:${newKey}`)).decode([old!])).rejects.toThrow(/k1/);
  });

  it('refuses tampered ciphertext, a relabelled key id and a wrong key', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${oldKey},k2:${newKey}`, 'k1'));
    const [encrypted] = await codec.encode([plain]);
    const flipped = Buffer.from(encrypted!.data!);
    flipped[20] = flipped[20]! ^ 0x01;
    await expect(codec.decode([{ ...encrypted!, data: new Uint8Array(flipped) }])).rejects.toThrow(/tampered or wrong key/);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, 'encryption-key-id': new TextEncoder().encode('k2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/tampered or wrong key/);
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(`k1:${newKey}`)).decode([encrypted!])).rejects.toThrow(/tampered or wrong key/);
  });

  it("encrypts a failure's message and stack (encodeCommonAttributes)", async () => {
    const { failureConverter } = createRequire(import.meta.url)(FAILURE_CONVERTER_PATH) as { failureConverter: FailureConverter };
    const failure = failureConverter.errorToFailure(new Error(`projektion fejlede for ${CPR}`), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(JSON.stringify(failure.stackTrace ?? '')).not.toContain('010190');
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${oldKey}`));
    const [encrypted] = await codec.encode([failure.encodedAttributes!]);
    expect(text(encrypted!)).not.toContain('010190');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload<{ message: string }>(decoded!).message).toBe(`projektion fejlede for ${CPR}`);
  });

  it('parses the key list strictly, without printing key material', () => {
    expect(() => parsePayloadKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parsePayloadKeys(`k1:${oldKey}`, 'k9')).toThrow(/PAYLOAD_KEY_ID 'k9'/);
    expect(() => parsePayloadKeys(`k1:${oldKey},k1:${newKey}`)).toThrow(/twice/);
    try {
      parsePayloadKeys(`k1:${oldKey.slice(0, 20)}`);
    } catch (err) {
      expect(String(err)).not.toContain(oldKey.slice(0, 20));
    }
  });

  it('fails at start without a key unless encryption is explicitly off', () => {
    expect(() => getDataConverter({ payloadEncryption: { keys: undefined, keyId: undefined, off: false } })).toThrow(/PAYLOAD_KEYS/);
  });
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The history as JSON with every byte field decoded as text beside it (fetchHistory gives bytes as
 * base64), so a CPR number in any payload or its metadata would show.
 */
function historyText(history: unknown): string {
  const decoded: string[] = [];
  const json = JSON.stringify(history, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (typeof v === 'string' && v.length >= 4 && BASE64.test(v)) decoded.push(Buffer.from(v, 'base64').toString('utf8'));
    return v;
  });
  return [json, ...decoded].join('\n');
}

describe('a §140 forløb with encrypted payloads', () => {
  const regelsaet = findRegelsaet('sonderborg-sul140')!;
  const koordinator = { role: 'koordinator' as const, userId: 'u-1' };
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkipping();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** Runs a forløb (create, visitation, a refused command, reminders) and returns its history as text. */
  async function runForloeb(dataConverter: DataConverter | undefined) {
    const taskQueue = `tq-${randomUUID()}`;
    const activities = {
      async publishEvents({ events }: { events: RecordedEvent[] }) {
        return { projectedSeq: events.at(-1)?.seq ?? 0 };
      },
    } as unknown as ReturnType<typeof createActivities>;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      activities,
      ...(dataConverter ? { workflowsPath: WORKFLOWS_PATH, dataConverter } : { workflowBundle: await workflowBundle() }),
    });
    const client = new Client({ connection: env.connection, ...(dataConverter ? { dataConverter } : {}) });
    const forloebId = `forloeb-${randomUUID()}`;
    const input: ForloebWorkflowInput = {
      forloebId,
      regelsaet,
      create: {
        type: 'CreateForloeb',
        actor: koordinator,
        source: { kind: 'genoptraeningsplan', cpr: CPR, udskrivningsdato: '2030-12-18', kategori: 'hofte-laarben-baekken', niveau: 'basal' },
      },
    };
    const snapshot = await worker.runUntil(async () => {
      const handle = await client.workflow.start('forloebWorkflow', { workflowId: forloebId, taskQueue, args: [input] });
      await env.sleep('2 days');
      await handle.executeUpdate(recordVisitationUpdate, { args: [{ type: 'RecordVisitation', actor: koordinator, decision: 'bevilget', reason: `borger ${CPR}` }] });
      // A refusal travels as an encoded failure (encodeCommonAttributes) and is decoded by the client.
      const refused = await handle
        .executeUpdate(bookStartUpdate, { args: [{ type: 'BookStart', actor: { role: 'terapeut' }, startDate: '2030-12-20' }] })
        .then(() => undefined, (err: unknown) => err);
      expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((refused as WorkflowUpdateFailedError).cause?.message).toMatch(/kræver rollen koordinator/);
      // The refusal itself is the failure's detail, decoded with the rest.
      const cause = (refused as WorkflowUpdateFailedError).cause;
      expect(cause instanceof ApplicationFailure && refusalOfFailure(cause)).toEqual({ code: 'forbidden_role', message: expect.stringMatching(/^Booking af opstart kræver rollen koordinator/) });
      await env.sleep('10 days');
      return handle.query(getForloebQuery);
    });
    const history = await client.workflow.getHandle(forloebId).fetchHistory();
    // A patch (workflows/forloeb.workflow.ts) is recorded by the SDK's core as a marker and as the
    // search attribute TemporalChangeVersion, neither of which passes through the codec: their only
    // payload is the patch's name. Checked apart from the rest.
    const events = history.events ?? [];
    const isMarker = (e: (typeof events)[number]) =>
      e.markerRecordedEventAttributes != null ||
      Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? { other: 1 }).every((k) => k === 'TemporalChangeVersion');
    return { snapshot, history: historyText({ ...history, events: events.filter((e) => !isMarker(e)) }), markers: historyText({ events: events.filter(isMarker) }) };
  }

  it('keeps no CPR number anywhere in the history, while worker and client read it', async () => {
    const converter = createDataConverter(parsePayloadKeys(`k1:${key()}`));
    const { snapshot, history, markers } = await runForloeb(converter);
    // The client decodes what the workflow holds.
    expect(snapshot.state.status !== 'empty' && snapshot.state.source.cpr).toBe(CPR);
    expect(history).toContain(ENCODING_ENCRYPTED);
    expect(history).toContain('encryption-key-id');
    for (const needle of [CPR, '0101901234', '010190', 'borger ', 'genoptraeningsplan', 'json/plain']) expect(history).not.toContain(needle);
    expect(markers).toContain(OUTBOX_IN_MAIN_LOOP_PATCH);
    for (const needle of [CPR, '0101901234', '010190', 'borger ', 'genoptraeningsplan']) expect(markers).not.toContain(needle);
  });

  it('(control) shows the CPR number in the history without the codec', async () => {
    const { history } = await runForloeb(undefined);
    expect(history).toContain(CPR);
    expect(history).toContain('json/plain');
  });
});
