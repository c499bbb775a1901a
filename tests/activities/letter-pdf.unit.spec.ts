// The decision letter as PDF: for each regelsæt and each decision it can give, the letter is
// rendered and its text read back from the PDF: the reasons, the frame, the complaint body and the
// complaint's date are there, in Danish with æ, ø and å intact, on A4 pages numbered "Side n af m".
import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderLetterPdf } from '../../activities/letters/pdf';
import { composeLetter, danishDate, type Letter } from '../../domain/letters';
import { BUILT_IN_REGELSAET } from '../../domain/regelsaet';
import { BORGER_NAVN, letterScenarios } from '../support/letter-scenarios';

type PdfText = { pages: { text: string; width: number; height: number }[] };

/** The text of each page, its lines joined with spaces, and the size of each page in points. */
async function readPdf(pdf: Buffer): Promise<PdfText> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfText['pages'] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? ' ' : '') : '')).join('');
    const [, , width, height] = page.view as [number, number, number, number];
    pages.push({ text: text.replace(/\s+/g, ' '), width, height });
  }
  await doc.destroy();
  return { pages };
}

/** What the reader must find: whitespace-normalised, since a long sentence breaks across lines. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

const cases = BUILT_IN_REGELSAET.flatMap((r) => letterScenarios(r).map((s) => [r.id, s.kind, r, s] as const));

describe('the decision letter as PDF', () => {
  it.each(cases)('%s, %s: reasons, frame, complaint body and date read back with æøå', async (_id, _kind, r, s) => {
    const letter = composeLetter({ forloebId: 'forloeb-1', state: s.state, event: s.event, regelsaet: r }) as Letter;
    const pdf = await renderLetterPdf(letter);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The font is embedded (a subset of Noto Sans), not one of the reader's standard fonts.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/Helvetica|Times-Roman/);
    const { pages } = await readPdf(pdf);
    const all = pages.map((p) => p.text).join(' ');
    const said = (heading: string) => letter.sections.find((x) => x.heading === heading)?.paragraphs ?? [];

    for (const p of pages) expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
    pages.forEach((p, i) => expect(p.text).toContain(`Side ${i + 1} af ${pages.length}`));
    expect(all).toContain(letter.title);
    expect(all).toContain(BORGER_NAVN);
    for (const paragraph of [...said('Begrundelse'), ...said('Omfang og periode')]) expect(all).toContain(norm(paragraph));
    expect(all).toContain(norm(letter.complaint.to));
    expect(all).toContain(`senest den ${danishDate(letter.complaint.by)}`);
    if (letter.complaint.forwardedTo) expect(all).toContain(`videre til ${letter.complaint.forwardedTo}`);
    expect(all).toMatch(/[æøå]/);
    expect(all).toContain('Afgørelse');
    expect(all).not.toContain('010190');
  });
});
