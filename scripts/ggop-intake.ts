// `npm run ggop:intake -- --folder DIR`: delivers a folder of GGOP messages to the API.
import { pathToFileURL } from 'node:url';
import { deliverFolder, REFUSED_FOLDER, TAKEN_FOLDER, type Progress } from '../intake/ggop/deliver-folder';
import { parseCli } from './cli';

const USAGE = `Usage: npm run ggop:intake -- --folder DIR [--api URL] [--concurrency N]

Sends every GGOP message (*.xml) in DIR to the API's POST /api/ggop, as a health-network client
delivers them. A message the API took (a forløb created, or the same letter again) moves to
DIR/${TAKEN_FOLDER}/; one it refused moves to DIR/${REFUSED_FOLDER}/ with the reason beside it (<file>.afvist.txt);
one that could not be delivered (the API or the network down, 5xx, 401/403) stays for the next run,
and the run exits 1.

  --folder DIR       the folder of messages
  --api URL          the API (default API_URL, else http://127.0.0.1:3000)
  --concurrency N    messages in flight (default 4)

The bearer token is read from GGOP_TOKEN: a token of the receiving kommune's role that creates §140
forløb (the koordinator in Sønderborg).`;

/** done/total and the rate, on one line that a terminal rewrites. */
function progressLine({ done, total, seconds }: Progress): string {
  return `${done}/${total} beskeder, ${(seconds > 0 ? done / seconds : 0).toFixed(1)}/s`;
}

async function main(): Promise<void> {
  const cli = parseCli({
    usage: USAGE,
    options: { folder: { type: 'string' }, api: { type: 'string' }, concurrency: { type: 'string' } },
  });
  const folder = cli.values.folder;
  if (!folder) return cli.fail('--folder is required');
  const concurrency = cli.wholeNumber('concurrency', 1) ?? 4;
  const api = cli.values.api ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
  const token = process.env.GGOP_TOKEN;
  if (!token) return cli.fail('GGOP_TOKEN is not set: the bearer token the messages are sent with');
  const tty = process.stderr.isTTY;
  const results = await deliverFolder({
    folder,
    api,
    token,
    concurrency,
    onProgress: (p) => {
      if (tty) process.stderr.write(`\r${progressLine(p)}`);
      else if (p.done === p.total || p.done % 100 === 0) process.stderr.write(`${progressLine(p)}\n`);
    },
  });
  if (tty) process.stderr.write('\n');
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  console.log(`oprettet ${count('oprettet')}, samme brev igen ${count('dublet')}, afvist ${count('afvist')}, ikke leveret ${count('ikke_leveret')}`);
  for (const r of results.filter((x) => x.outcome === 'afvist' || x.outcome === 'ikke_leveret')) console.log(`  ${r.file}: ${r.outcome} (${r.reason?.split('\n').join('; ')})`);
  if (count('ikke_leveret') > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
