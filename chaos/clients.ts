// The chaos run's clients: signed-in development users that drive forløb through their lifecycle
// over HTTP, each command with its own Idempotency-Key. On a network error, a 503, or a 409 "under
// behandling" a client sends the SAME request with the SAME key again after a short backoff, as a
// real client would; every status it sees is recorded.
import { randomUUID } from 'node:crypto';
import { copenhagenDateOf } from '../domain/calendar';
import { sleep } from './processes';

export type User = { rolle: 'koordinator' | 'visitator' | 'terapeut' | 'leder'; kommune: string; enhed?: string };

export type Answer<T = unknown> = { status: number; body: T; headers: Headers };

/** What the clients saw, for the invariants and the summary. */
export class Recorder {
  readonly statuses = new Map<string, number>();
  readonly failures: string[] = [];
  /** Every 5xx answer, with its moment, for the invariant on the API. */
  readonly serverErrors: { at: number; status: number; retryAfter: boolean; what: string }[] = [];
  /** Moments (ms since epoch) at which a command was accepted (2xx, not a replay). */
  readonly acceptedAt: number[] = [];
  /** Idempotency keys the client gave up on, with the forløb they concern. */
  readonly stuckKeys: string[] = [];
  /** For each request that was retried: ms from its first attempt to its definite answer. */
  readonly waits: number[] = [];
  replays = 0;
  retries = 0;
  networkErrors = 0;
  commandsAccepted = 0;

  see(status: number | 'network', path: string, retryAfter: string | null): void {
    const key = status === 503 && retryAfter ? '503+Retry-After' : String(status);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    if (typeof status === 'number' && status >= 500) this.serverErrors.push({ at: Date.now(), status, retryAfter: !!retryAfter, what: path });
  }
}

export type ApiClient = {
  user: User;
  /** One logical request: retried with the same Idempotency-Key until it has a definite answer. */
  send: <T = unknown>(method: string, path: string, body?: unknown, options?: { idempotent?: boolean; giveUpAfterMs?: number }) => Promise<Answer<T>>;
};

const RETRYABLE_409 = /under behandling/;

export async function signIn(apiUrl: string, user: User, recorder: Recorder): Promise<ApiClient> {
  const res = await fetch(`${apiUrl}/api/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  if (res.status !== 200) throw new Error(`dev token for ${user.rolle}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };

  const send = async <T>(method: string, path: string, body?: unknown, options: { idempotent?: boolean; giveUpAfterMs?: number } = {}): Promise<Answer<T>> => {
    const key = options.idempotent === false ? undefined : `chaos-${randomUUID()}`;
    const started = Date.now();
    const seen: string[] = [];
    let more = 0;
    const note = (what: string) => {
      if (seen.length < 8) seen.push(`${what}@${new Date().toISOString().slice(11, 23)}`);
      else more++;
    };
    // Long enough to outlast every fault of a run: a real client keeps trying while the system recovers.
    const giveUpAfter = options.giveUpAfterMs ?? 300_000;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        recorder.retries++;
        await sleep(300 + Math.random() * 900);
      }
      let res: Response;
      try {
        res = await fetch(`${apiUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(key && method !== 'GET' ? { 'idempotency-key': key } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(60_000),
        });
      } catch (err) {
        note((err as Error).name === 'TimeoutError' ? 'timeout' : 'network');
        recorder.networkErrors++;
        recorder.see('network', path, null);
        if (Date.now() - started > giveUpAfter) throw new Error(`${method} ${path}: no answer after ${giveUpAfter} ms`);
        continue;
      }
      const text = await res.text().catch(() => '');
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      recorder.see(res.status, `${method} ${path}`, res.headers.get('retry-after'));
      note(String(res.status));
      const fejl = (parsed as { fejl?: string } | undefined)?.fejl ?? '';
      const retry = res.status >= 500 || (res.status === 409 && RETRYABLE_409.test(fejl));
      if (retry) {
        if (Date.now() - started > giveUpAfter) {
          if (key) recorder.stuckKeys.push(key);
          throw new Error(`${method} ${path}: still ${res.status} ${fejl} after ${giveUpAfter} ms (Idempotency-Key ${key ?? '-'}; answers ${seen.join(' ')}${more ? ` and ${more} more` : ''})`);
        }
        continue;
      }
      if (res.headers.get('idempotent-replay') === 'true') recorder.replays++;
      if (attempt > 0) recorder.waits.push(Date.now() - started);
      return { status: res.status, body: parsed as T, headers: res.headers };
    }
  };
  return { user, send };
}

/** What a client knows it got accepted for one forløb: the events of every 2xx answer. */
export type ForloebRecord = {
  id: string;
  regelsaetId: string;
  /** Accepted commands by route name (e.g. "sessioner"), with the events each answer named. */
  accepted: { command: string; events: { seq: number; type: string }[] }[];
  /** Sessions accepted, by outcome. */
  sessions: Record<string, number>;
  completed: boolean;
};

export const today = () => copenhagenDateOf(new Date());
export function daysAgo(days: number): string {
  const d = new Date(`${today()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A valid CPR number of someone born in 1950–1989 (the check digit rule is not applied by the API). */
export function randomCpr(): string {
  const day = 1 + Math.floor(Math.random() * 28);
  const month = 1 + Math.floor(Math.random() * 12);
  const year = 50 + Math.floor(Math.random() * 40);
  const serial = 1000 + Math.floor(Math.random() * 2999); // 7th digit 1–3: 1900s
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(day)}${p(month)}${p(year)}-${serial}`;
}

export type Users = {
  sbKoordinator: ApiClient;
  sbTerapeut: ApiClient;
  vaVisitator: ApiClient;
  vaTerapeut: ApiClient;
};

export const SB_ENHED = 'Træningsenheden Nord';
export const VA_ENHED = 'Træning og Rehabilitering';

export async function signInUsers(apiUrl: string, recorder: Recorder): Promise<Users> {
  return {
    sbKoordinator: await signIn(apiUrl, { rolle: 'koordinator', kommune: 'Sønderborg' }, recorder),
    sbTerapeut: await signIn(apiUrl, { rolle: 'terapeut', kommune: 'Sønderborg', enhed: SB_ENHED }, recorder),
    vaVisitator: await signIn(apiUrl, { rolle: 'visitator', kommune: 'Varde' }, recorder),
    vaTerapeut: await signIn(apiUrl, { rolle: 'terapeut', kommune: 'Varde', enhed: VA_ENHED }, recorder),
  };
}

type CommandAnswer = { haendelser: { seq: number; type: string; tidspunkt: string }[] };

/**
 * How one forløb goes: Sønderborg §140 (a plan discharged 6–10 days ago, so the start deadline's
 * reminder and escalations are due at once), Varde §86.1 with a tillægsbevilling, or a chaos
 * regelsæt (chaos/regelsaet.ts) whose notices fall due at a moment during the run: such a forløb
 * waits before its start is booked (which meets the deadline) until `holdUntil`.
 */
export type LifecyclePlan =
  | { kind: 'sonderborg' }
  | { kind: 'varde' }
  | { kind: 'chaos'; regelsaetId: string; udskrivningsdato: string; holdUntil?: number };

/** Runs one forløb from creation to closing. `pause` is awaited between commands. */
export async function runLifecycle(users: Users, recorder: Recorder, plan: LifecyclePlan, pause: () => Promise<void>, records: ForloebRecord[]): Promise<void> {
  const date = today();
  const varde = plan.kind === 'varde';
  const creator = varde ? users.vaVisitator : users.sbKoordinator;
  const regelsaetId = plan.kind === 'chaos' ? plan.regelsaetId : varde ? 'varde-sel86-1' : 'sonderborg-sul140';
  const kilde = varde
    ? { kind: 'ansoegning', cpr: randomCpr(), modtaget: date }
    : {
        kind: 'genoptraeningsplan',
        cpr: randomCpr(),
        udskrivningsdato: plan.kind === 'chaos' ? plan.udskrivningsdato : daysAgo(6 + Math.floor(Math.random() * 5)),
        kategori: 'knae-underben',
        niveau: 'basal',
      };
  const created = await creator.send<{ id: string }>('POST', '/api/forloeb', { regelsaetId, kilde });
  if (created.status !== 201) {
    recorder.failures.push(`create ${regelsaetId}: ${created.status} ${JSON.stringify(created.body)}`);
    return;
  }
  recorder.commandsAccepted++;
  recorder.acceptedAt.push(Date.now());
  const record: ForloebRecord = { id: created.body.id, regelsaetId, accepted: [], sessions: {}, completed: false };
  records.push(record);
  const base = `/api/forloeb/${record.id}`;

  const command = async (client: ApiClient, path: string, body: unknown, name = path.slice(1)): Promise<boolean> => {
    await pause();
    const answer = await client.send<CommandAnswer>('POST', `${base}${path}`, body);
    if (answer.status !== 200) {
      recorder.failures.push(`${record.id} ${client.user.rolle} POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return false;
    }
    recorder.commandsAccepted++;
    if (answer.headers.get('idempotent-replay') !== 'true') recorder.acceptedAt.push(Date.now());
    record.accepted.push({ command: name, events: answer.body.haendelser.map((e) => ({ seq: e.seq, type: e.type })) });
    return true;
  };

  const terapeut = varde ? users.vaTerapeut : users.sbTerapeut;
  const planner = varde ? users.vaVisitator : users.sbKoordinator;
  const session = async (outcome: string) => {
    // Every session of a chaos forløb falls on one day: the second and later ones are confirmed.
    const ok = await command(terapeut, '/sessioner', { dato: date, udfald: outcome, varighedMinutter: outcome === 'gennemfoert' ? 60 : 0, bekraeftet: true });
    if (ok) record.sessions[outcome] = (record.sessions[outcome] ?? 0) + 1;
    return ok;
  };

  if (!(await command(planner, '/visitation', varde ? { afgoerelse: 'bevilget', indsatsId: 'genoptraeningsforloeb' } : { afgoerelse: 'bevilget' }))) return;
  if (!(await command(planner, '/terapeut', { terapeut: 'terapeut-1', enhed: varde ? VA_ENHED : SB_ENHED }))) return;
  if (plan.kind === 'chaos' && plan.holdUntil !== undefined && plan.holdUntil > Date.now()) await sleep(plan.holdUntil - Date.now());
  if (!(await command(varde ? terapeut : planner, '/opstart', { startdato: date }))) return;
  if (!(await command(terapeut, '/opstart/afholdt', { dato: date }, 'opstart-afholdt'))) return;
  const sessions = 5 + Math.floor(Math.random() * 6);
  for (let i = 0; i < sessions; i++) {
    // Varde ends a forløb after repeated no-shows or cancellations: there, every session is held.
    const r = varde ? 0 : Math.random();
    if (!(await session(r < 0.8 ? 'gennemfoert' : r < 0.9 ? 'udeblevet' : 'aflyst_af_borger'))) return;
  }
  if (varde) {
    if (!(await command(terapeut, '/forlaengelse', { type: 'tillaegsbevilling_lille', antal: 6, begrundelse: 'Fortsat udviklingspotentiale' }))) return;
    if (!(await command(users.vaVisitator, '/forlaengelse/1/afgoerelse', { afgoerelse: 'godkendt', begrundelse: 'Målene kan nås' }, 'forlaengelse-afgoerelse'))) return;
    if (!(await session('gennemfoert'))) return;
  }
  if (!(await command(terapeut, '/afslutning', { aarsag: 'maal_naaet', dato: date }))) return;
  if (!(await command(terapeut, '/lukning', {}))) return;
  record.completed = true;
}
