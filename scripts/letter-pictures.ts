// Renders the first page of one decision letter (a grant) per built-in regelsæt to
// docs/letters/<regelsæt>.png, for the documentation. Needs `pdftoppm` (Debian's poppler-utils).
//   node --import tsx scripts/letter-pictures.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderLetterPdf } from '../activities/letters/pdf';
import { composeLetter } from '../domain/letters';
import { BUILT_IN_REGELSAET } from '../domain/regelsaet';
import { letterScenarios } from '../tests/support/letter-scenarios';

const out = fileURLToPath(new URL('../docs/letters/', import.meta.url));
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'letter-pictures-'));
try {
  for (const r of BUILT_IN_REGELSAET) {
    const s = letterScenarios(r).find((x) => x.kind === 'bevilling')!;
    const letter = composeLetter({ forloebId: 'forloeb-00000000-0000-4000-8000-000000000001', state: s.state, event: s.event, regelsaet: r })!;
    const pdf = join(work, `${r.id}.pdf`);
    writeFileSync(pdf, await renderLetterPdf(letter));
    execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf, join(out, r.id)]);
    console.log(`docs/letters/${r.id}.png`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
