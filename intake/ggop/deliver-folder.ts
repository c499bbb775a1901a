// Delivers a folder of GGOP messages to the API (POST /api/ggop), as a health-network client leaves
// them: one file per message. A message the API took moves to `behandlet/`, one it refused moves to
// `afvist/` with the API's reason beside it, and one that could not be delivered (the API or the
// network down, a 5xx) stays where it is for the next run. Nothing is ever deleted.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TAKEN_FOLDER = 'behandlet';
export const REFUSED_FOLDER = 'afvist';

export type Delivery = { file: string; outcome: 'oprettet' | 'dublet' | 'afvist' | 'ikke_leveret'; status?: number; reason?: string };
export type Progress = { done: number; total: number; seconds: number };

export type DeliverOptions = {
  folder: string;
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  api: string;
  /** A bearer token of the receiving kommune's role that creates §140 forløb. */
  token: string;
  concurrency?: number;
  onProgress?: (p: Progress) => void;
};

/** The messages waiting in the folder, in name order (the order a client wrote them in, by convention). */
export const waitingMessages = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.xml'))
    .map((e) => e.name)
    .sort();

async function deliverOne(options: DeliverOptions, file: string): Promise<Delivery> {
  const path = join(options.folder, file);
  let res: Response;
  try {
    res = await fetch(new URL('/api/ggop', options.api), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/xml' },
      body: readFileSync(path),
    });
  } catch (err) {
    return { file, outcome: 'ikke_leveret', reason: (err as Error).message };
  }
  const body = (await res.json().catch(() => ({}))) as { dublet?: boolean; fejl?: string; felter?: { felt: string; besked: string }[] };
  if (res.status === 200 || res.status === 201) {
    mkdirSync(join(options.folder, TAKEN_FOLDER), { recursive: true });
    renameSync(path, join(options.folder, TAKEN_FOLDER, file));
    return { file, outcome: body.dublet ? 'dublet' : 'oprettet', status: res.status };
  }
  const reason = [body.fejl, ...(body.felter ?? []).map((f) => `${f.felt}: ${f.besked}`)].filter(Boolean).join('\n') || `HTTP ${res.status}`;
  // 401/403 is this client's own problem (token, role), 5xx the server's: the message waits.
  if (res.status >= 500 || res.status === 401 || res.status === 403) return { file, outcome: 'ikke_leveret', status: res.status, reason };
  mkdirSync(join(options.folder, REFUSED_FOLDER), { recursive: true });
  renameSync(path, join(options.folder, REFUSED_FOLDER, file));
  writeFileSync(join(options.folder, REFUSED_FOLDER, `${file}.afvist.txt`), `HTTP ${res.status}\n${reason}\n`);
  return { file, outcome: 'afvist', status: res.status, reason };
}

export async function deliverFolder(options: DeliverOptions): Promise<Delivery[]> {
  const files = waitingMessages(options.folder);
  const results: Delivery[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      results.push(await deliverOne(options, file));
      options.onProgress?.({ done: results.length, total: files.length, seconds: (performance.now() - started) / 1000 });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, files.length)) }, worker));
  return results.sort((a, b) => a.file.localeCompare(b.file));
}
