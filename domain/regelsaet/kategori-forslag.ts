// The category a plan from the hospital proposes, from its diagnoses and the regelsæt's table
// (Category.icd10). The primary diagnoses are tried first, then the secondary; the longest matching
// start of a code wins, so "DS06" (a head injury) beats "DS0". A proposal only: the coordinator
// confirms it or chooses another.
import type { Category, Regelsaet } from './regelsaet.schema';

export type Diagnose = { kode: string; primaer: boolean };

export function proposeKategori(regelsaet: Regelsaet, diagnoser: readonly Diagnose[]): Category | undefined {
  const categories = regelsaet.indsatser.flatMap((i) => i.categories);
  const best = (kode: string) => {
    let found: { category: Category; length: number } | undefined;
    for (const category of categories) {
      for (const prefix of category.icd10) {
        if (kode.startsWith(prefix) && (!found || prefix.length > found.length)) found = { category, length: prefix.length };
      }
    }
    return found;
  };
  const bestOf = (primaer: boolean) => {
    let found: { category: Category; length: number } | undefined;
    for (const d of diagnoser.filter((x) => x.primaer === primaer)) {
      const match = best(d.kode.toUpperCase());
      if (match && (!found || match.length > found.length)) found = match;
    }
    return found;
  };
  const onPrimary = bestOf(true);
  // A catch-all ("D") on the primary diagnosis yields to a real match on a secondary one.
  if (onPrimary && onPrimary.length > 1) return onPrimary.category;
  return (bestOf(false) ?? onPrimary)?.category;
}
