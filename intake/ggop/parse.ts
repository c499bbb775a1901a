// Reads a MedCom GGOP message (Emessage → RehabilitationPlan) into a GgopPlan, or refuses it with the
// element it concerns and a Danish reason. The structure is the one public MedCom stylesheets show
// (docs/ggop.md): person and organisation parts in urn:oio:medcom:municipality:1.0.0, the rest in
// 1.0.4. Namespace prefixes are dropped, so a message that binds the two namespaces to other prefixes,
// or writes everything in one of them, reads the same.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LocalDate } from '../../domain/calendar/local-date.schema';
import { Cpr } from '../../domain/citizen/cpr.schema';
import { decodeMessage } from './decode';
import { GGOP_TEXT_ELEMENTS, GgopPlan, type GgopDiagnose } from './plan.schema';
import { planTypeOf } from './plan-type';
import { GgopRefused } from './refusal';

/** The namespaces of a GGOP: urn:oio:medcom:municipality:1.0.0, 1.0.4 and their siblings. */
const MEDCOM_NAMESPACE = /xmlns(?::[A-Za-z_][\w.-]*)?\s*=\s*["']urn:oio:medcom:municipality:1\.0\.\d+["']/;
const ROOT_TAG = /<(?:[A-Za-z_][\w.-]*:)?Emessage\b[^>]*>/;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Values stay text: a CPR number or an EAN keeps its leading zeros.
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'PrimaryDiagnosis' || name === 'SecondaryDiagnosis',
  // Free text keeps its inner markup (<Break/>, <Bold>…) as written, turned into text below.
  stopNodes: GGOP_TEXT_ELEMENTS.map((name) => `*.${name}`),
});

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The child element `name` of `node`, at `path` (for the refusal), required or not. */
function child(node: Node, name: string, path: string): Node {
  const value = node[name];
  if (!isNode(value)) throw new GgopRefused(`${path}/${name}`, value === undefined ? 'mangler' : 'skal indeholde underelementer');
  return value;
}

function optionalChild(node: Node, name: string, path: string): Node | undefined {
  return node[name] === undefined || node[name] === '' ? undefined : child(node, name, path);
}

function text(node: Node, name: string, path: string): string {
  const value = optionalText(node, name, path);
  if (value === undefined) throw new GgopRefused(`${path}/${name}`, 'mangler');
  return value;
}

function optionalText(node: Node, name: string, path: string): string | undefined {
  const value = node[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new GgopRefused(`${path}/${name}`, 'skal være tekst');
  return value;
}

function date(node: Node, name: string, path: string): string {
  const value = text(node, name, path);
  if (!LocalDate.safeParse(value).success) throw new GgopRefused(`${path}/${name}`, 'skal være en dato på formen ÅÅÅÅ-MM-DD');
  return value;
}

/** Free text with its MedCom markup: a Break is a new line, other tags are dropped, entities read. */
function freeText(raw: string): string {
  return raw
    .replace(/<(?:[\w.-]+:)?Break\s*\/>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.replace(/[ \t\r]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function organisation(node: Node, path: string) {
  const ean = optionalText(node, 'EANIdentifier', path);
  if (ean !== undefined && !/^\d{13}$/.test(ean)) throw new GgopRefused(`${path}/EANIdentifier`, 'skal være 13 cifre');
  const code = optionalText(node, 'IdentifierCode', path)?.toLowerCase();
  const identifier = optionalText(node, 'Identifier', path);
  const afdeling = optionalText(node, 'DepartmentName', path);
  const enhed = optionalText(node, 'UnitName', path);
  return {
    ...(ean ? { ean } : {}),
    ...(identifier && (code === undefined || code === 'sor') ? { sor: identifier } : {}),
    navn: text(node, 'OrganisationName', path),
    ...(afdeling ? { afdeling } : {}),
    ...(enhed ? { enhed } : {}),
  };
}

function diagnoses(plan: Node): GgopDiagnose[] {
  const path = 'RehabilitationPlan/ICD10Diagnoses';
  const container = optionalChild(plan, 'ICD10Diagnoses', 'RehabilitationPlan');
  if (!container) return [];
  const read = (kind: 'PrimaryDiagnosis' | 'SecondaryDiagnosis') =>
    ((container[kind] as unknown[] | undefined) ?? []).map((entry, i) => {
      const at = `${path}/${kind}[${i + 1}]`;
      if (!isNode(entry)) throw new GgopRefused(at, 'skal indeholde Code og Text');
      const kode = text(entry, 'Code', at).toUpperCase().replace(/\./g, '');
      if (!/^[A-Z][A-Z0-9]{2,9}$/.test(kode)) throw new GgopRefused(`${at}/Code`, 'er ikke en ICD-10-kode');
      const tekst = optionalText(entry, 'Text', at);
      return { kode, ...(tekst ? { tekst } : {}), primaer: kind === 'PrimaryDiagnosis' };
    });
  return [...read('PrimaryDiagnosis'), ...read('SecondaryDiagnosis')];
}

/** A GGOP message's bytes as a GgopPlan; throws GgopRefused naming the element and the reason. */
export function parseGgop(bytes: Uint8Array): GgopPlan {
  const xml = decodeMessage(bytes);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new GgopRefused('(besked)', `er ikke gyldig XML (linje ${valid.err.line}: ${valid.err.code})`);
  const root = ROOT_TAG.exec(xml);
  if (!root) throw new GgopRefused('(besked)', 'rodelementet skal være Emessage');
  if (!MEDCOM_NAMESPACE.test(xml.slice(0, root.index + root[0].length))) throw new GgopRefused('Emessage', 'mangler MedComs navnerum urn:oio:medcom:municipality');

  const document = parser.parse(xml) as Node;
  const emessage = child(document, 'Emessage', '');
  const plan = child(emessage, 'RehabilitationPlan', 'Emessage');
  const P = 'RehabilitationPlan';

  const letter = child(plan, 'Letter', P);
  const patient = child(plan, 'Patient', P);
  const cprText = text(patient, 'CivilRegistrationNumber', `${P}/Patient`);
  const cpr = Cpr.safeParse(cprText);
  if (!cpr.success) throw new GgopRefused(`${P}/Patient/CivilRegistrationNumber`, 'er ikke et gyldigt CPR-nummer');
  const typeText = text(plan, 'TypeOfRehabilitationPlan', P);
  const planType = planTypeOf(typeText);
  if (!planType) {
    throw new GgopRefused(`${P}/TypeOfRehabilitationPlan`, 'er ikke en kendt plantype (almen – basal, almen – avanceret, specialiseret, rehabilitering på specialiseret niveau)');
  }
  const contact = child(plan, 'CurrentHospitalContact', P);
  const expectedEnd = child(contact, 'ExpectedEnd', `${P}/CurrentHospitalContact`);
  const start = optionalChild(contact, 'Start', `${P}/CurrentHospitalContact`);
  const deadline = optionalChild(plan, 'RehabilitationDeadline', P);
  const kontaktId = optionalText(letter, 'EpisodeOfCareIdentifier', `${P}/Letter`);
  const fornavne = optionalText(patient, 'PersonGivenName', `${P}/Patient`);
  const efternavn = optionalText(patient, 'PersonSurnameName', `${P}/Patient`);

  const tekster: Partial<Record<(typeof GGOP_TEXT_ELEMENTS)[number], string>> = {};
  for (const name of GGOP_TEXT_ELEMENTS) {
    const raw = plan[name];
    if (typeof raw === 'string') {
      const t = freeText(raw);
      if (t) tekster[name] = t;
    }
  }

  const parsed = GgopPlan.safeParse({
    brevId: text(letter, 'Identifier', `${P}/Letter`),
    ...(kontaktId ? { kontaktId } : {}),
    afsender: organisation(child(plan, 'Sender', P), `${P}/Sender`),
    modtager: organisation(child(plan, 'Receiver', P), `${P}/Receiver`),
    borger: { cpr: cpr.data, ...(fornavne ? { fornavne } : {}), ...(efternavn ? { efternavn } : {}) },
    planType,
    udskrivningsdato: date(expectedEnd, 'Date', `${P}/CurrentHospitalContact/ExpectedEnd`),
    ...(start && start.Date !== undefined ? { indlagt: date(start, 'Date', `${P}/CurrentHospitalContact/Start`) } : {}),
    ...(deadline && deadline.Date !== undefined ? { senereOpstart: date(deadline, 'Date', `${P}/RehabilitationDeadline`) } : {}),
    diagnoser: diagnoses(plan),
    tekster,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GgopRefused(`${P}/${issue.path.join('/')}`, 'har en værdi, der ikke kan bruges');
  }
  return parsed.data;
}
