// The regelsæt the system ships with, validated once when the module loads.
import { Regelsaet, type RegelsaetInput } from './schema';
import { sonderborgSul140 } from './data/sonderborg-sul140';

export * from './schema';

const builtIn: readonly RegelsaetInput[] = [sonderborgSul140];

export const BUILT_IN_REGELSAET: readonly Regelsaet[] = builtIn.map((r) => Regelsaet.parse(r));

export function findRegelsaet(id: string, all: readonly Regelsaet[] = BUILT_IN_REGELSAET): Regelsaet | undefined {
  return all.find((r) => r.id === id);
}
