// The load mode: N concurrent users, each acting on average every `interval` seconds (exponentially
// distributed pauses), with no faults: therapists record sessions on their own forløb and read their
// inbox and the forløb; a koordinator reads the koordinator inbox. Prints throughput, p50/p99
// latency per kind and the error rate.
import { Recorder, randomCpr, signIn, daysAgo, today, SB_ENHED, type ApiClient } from './clients';
import { say, sleep, type Stack } from './processes';

type Kind = 'session' | 'inbox' | 'forloeb' | 'setup';

class Latencies {
  readonly samples = new Map<Kind, number[]>();
  readonly errors = new Map<Kind, number>();
  readonly statuses = new Map<string, number>();
  add(kind: Kind, ms: number, status: number | 'network'): void {
    this.samples.set(kind, [...(this.samples.get(kind) ?? []), ms]);
    this.statuses.set(String(status), (this.statuses.get(String(status)) ?? 0) + 1);
    if (status === 'network' || status >= 400) this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function timed(lat: Latencies, kind: Kind, client: ApiClient, method: string, path: string, body?: unknown): Promise<number> {
  const t = performance.now();
  // One attempt each: the load run measures, it does not retry.
  let status: number | 'network';
  try {
    status = (await client.send(method, path, body, { giveUpAfterMs: 0 })).status;
  } catch {
    status = 'network';
  }
  lat.add(kind, performance.now() - t, status);
  return typeof status === 'number' ? status : 0;
}

export async function runLoad(stack: Stack, opts: { users: number; interval: number; duration: number }): Promise<number> {
  say(`load run: ${opts.users} users, one action every ${opts.interval} s on average each, ${opts.duration} s, no faults`);
  const recorder = new Recorder();
  const lat = new Latencies();
  const koordinator = await signIn(stack.apiUrl, { rolle: 'koordinator', kommune: 'Sønderborg' }, recorder);

  /** A Sønderborg forløb granted, assigned and started, ready for sessions. */
  const newForloeb = async (): Promise<string | undefined> => {
    const created = await koordinator.send<{ id: string }>('POST', '/api/forloeb', {
      regelsaetId: 'sonderborg-sul140',
      kilde: { kind: 'genoptraeningsplan', cpr: randomCpr(), udskrivningsdato: daysAgo(1), kategori: 'multitraume', niveau: 'basal' },
    });
    if (created.status !== 201) return undefined;
    const base = `/api/forloeb/${created.body.id}`;
    for (const [path, body] of [
      ['/visitation', { afgoerelse: 'bevilget' }],
      ['/terapeut', { terapeut: 'terapeut-1', enhed: SB_ENHED }],
      ['/opstart', { startdato: today() }],
    ] as const) {
      if ((await koordinator.send('POST', `${base}${path}`, body)).status !== 200) return undefined;
    }
    return created.body.id;
  };

  const setupStart = performance.now();
  const therapists = await Promise.all(
    Array.from({ length: opts.users }, async () => {
      const client = await signIn(stack.apiUrl, { rolle: 'terapeut', kommune: 'Sønderborg', enhed: SB_ENHED }, recorder);
      const id = await newForloeb();
      if (!id) throw new Error('setup: could not create a forløb');
      if ((await client.send('POST', `/api/forloeb/${id}/opstart/afholdt`, { dato: today() })).status !== 200) throw new Error('setup: start not held');
      return { client, id };
    }),
  );
  say(`setup: ${opts.users} forløb ready in ${((performance.now() - setupStart) / 1000).toFixed(1)} s; measuring`);

  const end = Date.now() + opts.duration * 1000;
  const pauseMs = () => -Math.log(1 - Math.random()) * opts.interval * 1000;
  await Promise.all(
    therapists.map(async (user) => {
      await sleep(Math.random() * opts.interval * 1000);
      while (Date.now() < end) {
        const r = Math.random();
        if (r < 0.6) {
          // 10 minutes a session: the 24-hour frame holds 144, more than a user records in 5 minutes
          // at one action every 2 s; a forløb whose frame is used up is replaced (its 409 counts as an error).
          const status = await timed(lat, 'session', user.client, 'POST', `/api/forloeb/${user.id}/sessioner`, { dato: today(), udfald: 'gennemfoert', varighedMinutter: 10, bekraeftet: true });
          if (status === 409) user.id = (await newForloeb()) ?? user.id;
        } else if (r < 0.9) {
          await timed(lat, 'inbox', user.client, 'GET', '/api/paamindelser?status=alle');
        } else {
          await timed(lat, 'forloeb', user.client, 'GET', `/api/forloeb/${user.id}`);
        }
        await sleep(pauseMs());
      }
    }),
  );

  console.log('\n=== load summary ===');
  let total = 0;
  let errors = 0;
  for (const [kind, samples] of lat.samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    const e = lat.errors.get(kind) ?? 0;
    total += samples.length;
    errors += e;
    console.log(
      `${kind.padEnd(8)} ${String(samples.length).padStart(6)} requests  ${(samples.length / opts.duration).toFixed(1).padStart(6)}/s  p50 ${pct(sorted, 50).toFixed(0).padStart(5)} ms  p99 ${pct(sorted, 99).toFixed(0).padStart(5)} ms  errors ${e} (${((100 * e) / samples.length).toFixed(2)} %)`,
    );
  }
  console.log(`all      ${String(total).padStart(6)} requests  ${(total / opts.duration).toFixed(1).padStart(6)}/s  error rate ${((100 * errors) / Math.max(1, total)).toFixed(2)} %`);
  console.log(`statuses: ${[...lat.statuses].map(([k, v]) => `${k}×${v}`).join(', ')}`);
  return errors > 0 ? 1 : 0;
}
