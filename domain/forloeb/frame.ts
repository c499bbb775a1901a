// The frame (hours or sessions) an indsats grants, looked up in the regelsæt.
import type { Frame, Indsats, Regelsaet } from '../regelsaet/regelsaet.schema';

export function frameFor(regelsaet: Regelsaet, kategori: string): { indsats: Indsats; frame: Frame } | undefined {
  for (const indsats of regelsaet.indsatser) {
    const category = indsats.categories.find((c) => c.id === kategori);
    if (category) return { indsats, frame: category.frame };
  }
  return undefined;
}
