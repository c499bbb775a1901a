// The real stack through `npm start` from a clean data folder: embedded PostgreSQL, the Temporal
// dev server on its SQLite file, the worker and the API as processes. A §140 forløb is created,
// reminded, escalated, visited and booked over HTTP; the stack stops on SIGTERM leaving no process;
// a second start finds the forløb as it was.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addCalendarDays, copenhagenDateOf } from '../../domain/calendar';
import { startStack as startStackIn, stopStack as stopStackOf, type Stack } from '../support/stack';

const dataDir = mkdtempSync(join(tmpdir(), 'forloeb-e2e-'));
const ports = { api: 13100, temporal: 17300, ui: 18300, pg: 15499 };
const api = `http://127.0.0.1:${ports.api}`;

const startStack = () => startStackIn(dataDir, ports);
const stopStack = async (stack: Stack) => {
  const stopped = await stopStackOf(stack);
  // The start script, postgres (with its own helpers), temporal, the worker and the API were all there.
  expect(stopped.tree.length).toBeGreaterThanOrEqual(6);
  return stopped;
};

// Development tokens (npm start sets AUTH_DEV_MODE=1), one per role, fetched again after each start.
const tokens = new Map<string, string>();
async function signIn(): Promise<void> {
  tokens.clear();
  for (const rolle of ['koordinator', 'leder']) {
    const res = await fetch(`${api}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rolle, kommune: 'Sønderborg' }),
    });
    expect(res.status).toBe(200);
    tokens.set(rolle, ((await res.json()) as { token: string }).token);
  }
}

const json = async <T>(path: string, init?: { method?: string; body?: unknown; rolle?: string }) => {
  const token = tokens.get(init?.rolle ?? 'koordinator');
  const res = await fetch(`${api}${path}`, {
    method: init?.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(init?.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
};

async function eventually<T>(probe: () => Promise<T>, ok: (t: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Inbox = { elementer: { forloebId: string; type: string; frist: string }[] };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  let createdId = '';
  let before: unknown;

  it('runs a §140 forløb end to end and stops without leaving a process', async () => {
    const stack = await startStack();
    try {
      expect(stack.output()).toContain(`API on ${api}`);
      expect(stack.output()).toContain(`web UI on http://127.0.0.1:${ports.ui}`);
      expect((await fetch(`${api}/api/paamindelser`)).status).toBe(401);
      await signIn();
      const today = copenhagenDateOf(new Date());
      const plan = (udskrivningsdato: string) => ({
        regelsaetId: 'sonderborg-sul140',
        kilde: { kind: 'genoptraeningsplan', cpr: '010190-1234', udskrivningsdato, kategori: 'skulder-overarm', niveau: 'avanceret' },
      });

      // Due tomorrow: the reminder moment (2 hverdage before) has passed, so it is sent at once.
      const soon = await json<{ id: string }>('/api/forloeb', { method: 'POST', body: plan(addCalendarDays(today, -6)), rolle: 'koordinator' });
      expect(soon.status).toBe(201);
      createdId = soon.body.id;
      // Due three days ago: missed, so the overdue escalation is sent at once.
      const late = await json<{ id: string }>('/api/forloeb', { method: 'POST', body: plan(addCalendarDays(today, -10)), rolle: 'koordinator' });
      expect(late.status).toBe(201);

      const detail = await json<{ fase: string; ramme: unknown; frister: { type: string; forfald: string; enhed: string; antal: number }[] }>(`/api/forloeb/${createdId}`);
      expect(detail.status).toBe(200);
      expect(detail.body.fase).toBe('visitering');
      expect(detail.body.ramme).toMatchObject({ enhed: 'timer', antal: 9, loft: true }); // skulder og overarm, 002:1478
      expect(detail.body.frister).toMatchObject([{ type: 'opstart', forfald: addCalendarDays(today, 1), enhed: 'kalenderdage', antal: 7 }]);

      const inbox = await eventually(
        () => json<Inbox>('/api/paamindelser?rolle=koordinator', { rolle: 'koordinator' }),
        (r) => r.body.elementer.length >= 2,
      );
      expect(inbox.body.elementer).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ forloebId: createdId, type: 'paamindelse', frist: 'opstart' }),
          expect.objectContaining({ forloebId: late.body.id, type: 'eskalering', frist: 'opstart' }),
        ]),
      );
      const lederInbox = await json<Inbox>('/api/paamindelser?rolle=leder', { rolle: 'leder' });
      // The leder hears only of the missed deadline: one row, however many levels were sent.
      expect(lederInbox.body.elementer).toHaveLength(1);
      for (const e of lederInbox.body.elementer) expect(e).toMatchObject({ forloebId: late.body.id, type: 'eskalering' });

      // The koordinator visits and books the start: the phase moves on and the reminder leaves the
      // inbox; booked with no therapist, the koordinator is asked to assign one.
      expect((await json(`/api/forloeb/${createdId}/visitation`, { method: 'POST', body: { afgoerelse: 'bevilget' }, rolle: 'koordinator' })).status).toBe(200);
      expect((await json(`/api/forloeb/${createdId}/opstart`, { method: 'POST', body: { startdato: addCalendarDays(today, 1) }, rolle: 'koordinator' })).status).toBe(200);
      // The grant is a decision the citizen receives in writing: one letter, downloadable as PDF.
      const breve = await json<{ breve: { id: number; art: string }[] }>(`/api/forloeb/${createdId}/breve`);
      expect(breve.body.breve.map((b) => b.art)).toEqual(['bevilling']);
      const pdf = await fetch(`${api}/api/forloeb/${createdId}/breve/${breve.body.breve[0]!.id}`, { headers: { authorization: `Bearer ${tokens.get('koordinator')}` } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      const after = await json<{ fase: string; frister: { status: string }[] }>(`/api/forloeb/${createdId}`);
      expect(after.body.fase).toBe('opstart');
      expect(after.body.frister[0]!.status).toBe('overholdt');
      const open = await eventually(
        () => json<Inbox>('/api/paamindelser?rolle=koordinator', { rolle: 'koordinator' }),
        (r) => !r.body.elementer.some((e) => e.forloebId === createdId && e.frist === 'opstart'),
      );
      expect(new Set(open.body.elementer.filter((e) => e.frist === 'opstart').map((e) => e.forloebId))).toEqual(new Set([late.body.id]));
      expect(open.body.elementer.filter((e) => e.forloebId === createdId)).toEqual([
        expect.objectContaining({ type: 'terapeut', frist: 'terapeut', naesteSkridt: 'Tildel terapeut' }),
      ]);
      before = after.body;
    } finally {
      const { code, leftovers } = await stopStack(stack);
      expect(leftovers).toEqual([]);
      expect(code).toBe(0);
    }
    expect(stack.output()).not.toContain('010190-1234');
    // The generated secrets are private to the owner, and Temporal's files hold no CPR number (payloads are encrypted).
    for (const name of ['payload-key', 'cpr-hash-key']) expect(statSync(join(dataDir, name)).mode & 0o777).toBe(0o600);
    for (const name of ['temporal.db', 'temporal.db-wal']) {
      const file = join(dataDir, name);
      if (existsSync(file)) expect(readFileSync(file).includes('010190-1234')).toBe(false);
    }
  });

  it('finds the forløb unchanged after a restart on the same data folder', async () => {
    expect(createdId).not.toBe('');
    const stack = await startStack();
    try {
      // A new API process has a new development key: the old tokens are no longer valid.
      await signIn();
      const again = await json(`/api/forloeb/${createdId}`);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(before);
    } finally {
      const { leftovers } = await stopStack(stack);
      expect(leftovers).toEqual([]);
    }
  });
});
