// A decision letter as PDF: A4, the municipality's letterhead, the sections composeLetter wrote, and
// "Side n af m" on every page. The font (Noto Sans, from the @fontsource/noto-sans package) is
// read from node_modules and embedded as a subset, so æ, ø and å print on any reader and nothing is
// downloaded when a letter is made.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { danishDate, type Letter } from '../../domain/letters';
import { woffToSfnt } from './woff';

const require = createRequire(import.meta.url);
/** The font as plain TrueType, converted once per process from the package's WOFF (woff.ts says why). */
const fontFile = (weight: 400 | 700) => woffToSfnt(readFileSync(require.resolve(`@fontsource/noto-sans/files/noto-sans-latin-${weight}-normal.woff`)));
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const loadFonts = () => (fonts ??= { regular: fontFile(400), bold: fontFile(700) });

const MARGIN = 56.7; // 2 cm
const FOOTER_HEIGHT = 30;
/** The room a section heading needs below it for itself and two lines of its text. */
const KEEP_WITH_HEADING = 60;

/** The letter as a PDF document. */
export function renderLetterPdf(letter: Letter): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const created = new Date(`${letter.date}T12:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_HEIGHT, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'da-DK',
    displayTitle: true,
    info: { Title: letter.title, Author: letter.letterhead.name, Subject: letter.reference, CreationDate: created, ModDate: created },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const { letterhead } = letter;

  // Letterhead: the municipality on the right, the citizen on the left.
  const top = doc.y;
  doc.font('bold').fontSize(14).text(letterhead.name, MARGIN, top, { width, align: 'right' });
  doc.font('regular').fontSize(9);
  for (const line of [letterhead.unit, ...letterhead.addressLines, ...(letterhead.phone ? [`Tlf. ${letterhead.phone}`] : [])]) {
    doc.text(line, { width, align: 'right' });
  }
  const headBottom = doc.y;
  if (letter.recipient) doc.font('regular').fontSize(11).text(letter.recipient, MARGIN, top + 40, { width: width / 2 });
  doc.y = Math.max(headBottom, doc.y) + 24;

  doc.font('regular').fontSize(10).text(`${letterhead.name}, ${danishDate(letter.date)}`, MARGIN, doc.y, { width, align: 'right' });
  doc.text(`Sag: ${letter.reference}`, { width, align: 'right' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(16).text(letter.title, MARGIN, doc.y, { width });
  doc.moveDown(0.5);

  for (const section of letter.sections) {
    doc.moveDown(0.6);
    // A heading never stands alone at the foot of a page: it moves to the next with its text.
    if (doc.y + KEEP_WITH_HEADING > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.font('bold').fontSize(12).text(section.heading, MARGIN, doc.y, { width });
    doc.moveDown(0.2);
    doc.font('regular').fontSize(10.5);
    for (const paragraph of section.paragraphs) {
      doc.text(paragraph, MARGIN, doc.y, { width, lineGap: 1.5 });
      doc.moveDown(0.35);
    }
  }
  doc.moveDown(1);
  doc.font('regular').fontSize(10.5).text(letter.signOff, MARGIN, doc.y, { width });
  doc.text(`${letterhead.unit}, ${letterhead.name}`, { width });

  // Page numbers, once every page exists. The footer lies below the bottom margin: lift the margin
  // while writing it, or pdfkit would start a new page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(9).text(`Side ${i + 1} af ${range.count}`, MARGIN, doc.page.height - MARGIN - 12, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
