// The regelsæt the system ships with, one per seed document (Brøndby's holds two legal bases and
// is split in two), validated once when the module loads by the same schema as a municipality's files.
import { RegelsaetFile, type Regelsaet, type RegelsaetInput } from './regelsaet.schema';
import { brondbySel86_1 } from './data/brondby-sel86-1';
import { brondbySel86_2 } from './data/brondby-sel86-2';
import { nyborgSel86_1 } from './data/nyborg-sel86-1';
import { sonderborgSel86 } from './data/sonderborg-sel86';
import { sonderborgSul140 } from './data/sonderborg-sul140';
import { vardeSel86_1 } from './data/varde-sel86-1';

export * from './regelsaet.schema';
export { upgradeRegelsaet, type StoredRegelsaet } from './upgrade';
export { addMonths, addPeriod, subtractPeriod } from './period';
export { DEFAULT_NOTICE_POLICY, DEFAULT_REPEAT_COUNT } from './data/defaults';

const builtIn: readonly RegelsaetInput[] = [
  sonderborgSel86, // 000
  vardeSel86_1, // 001
  sonderborgSul140, // 002
  brondbySel86_1, // 003, §86 stk. 1
  brondbySel86_2, // 003, §86 stk. 2
  nyborgSel86_1, // 004
];

export const BUILT_IN_REGELSAET: readonly Regelsaet[] = builtIn.map((r) => RegelsaetFile.parse(r));

const duplicate = BUILT_IN_REGELSAET.find((r, i) => BUILT_IN_REGELSAET.findIndex((o) => o.id === r.id) !== i);
if (duplicate) throw new Error(`built-in regelsæt id '${duplicate.id}' appears twice`);

export function findRegelsaet(id: string, all: readonly Regelsaet[] = BUILT_IN_REGELSAET): Regelsaet | undefined {
  return all.find((r) => r.id === id);
}

/** Whether a value of the regelsæt is our default where the document is silent, rather than the document's own. */
export const isDefaultSource = (source: string): boolean => source.startsWith('default:');
