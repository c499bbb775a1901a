// What a forløb is created from, when the plan came as a GGOP message: the fields every plan has, and
// the hospital's own (letter, contact, hospital, plan type, diagnoses, free text) under `ggop`.
import type { LocalDate } from '../../domain/calendar/local-date';
import type { Genoptraeningsplan } from '../../domain/forloeb/sources.schema';
import type { GgopPlan } from './plan.schema';

/**
 * The level our regelsæt train at. Rehabilitering på specialiseret niveau is trained by the
 * municipality with the frame of the advanced level; specialiseret genoptræning is the hospital's
 * and is never trained here.
 */
const NIVEAU = { almen_basal: 'basal', almen_avanceret: 'avanceret', rehabilitering_specialiseret: 'avanceret' } as const;

export function sourceFromPlan(plan: GgopPlan, kategori: string, receivedOn: LocalDate): Genoptraeningsplan {
  if (plan.planType === 'specialiseret') throw new Error('a plan for specialiseret genoptræning is not trained by the municipality');
  const navn = [plan.borger.fornavne, plan.borger.efternavn].filter(Boolean).join(' ');
  const { ean, sor, navn: sygehus, afdeling } = plan.afsender;
  return {
    kind: 'genoptraeningsplan',
    cpr: plan.borger.cpr,
    ...(navn ? { navn } : {}),
    udskrivningsdato: plan.udskrivningsdato,
    kategori,
    niveau: NIVEAU[plan.planType],
    ...(plan.senereOpstart ? { planOpstartsdato: plan.senereOpstart } : {}),
    modtaget: receivedOn,
    ggop: {
      brevId: plan.brevId,
      ...(plan.kontaktId ? { kontaktId: plan.kontaktId } : {}),
      sygehus: { ...(ean ? { ean } : {}), ...(sor ? { sor } : {}), navn: sygehus, ...(afdeling ? { afdeling } : {}) },
      planType: plan.planType,
      diagnoser: plan.diagnoser,
      tekster: plan.tekster,
    },
  };
}

const normalised = (s: string) => s.normalize('NFC').toLocaleLowerCase('da').replace(/\s+/g, ' ').trim();

/**
 * Whether the plan is addressed to the kommune, by the receiver's organisation name ("Sønderborg
 * Kommune"): the one part of the receiver every GGOP carries. (A kommune's EAN numbers are not data
 * here yet; where they become regelsæt data, they are the better test.)
 */
export function isAddressedTo(plan: Pick<GgopPlan, 'modtager'>, kommune: string): boolean {
  const name = normalised(plan.modtager.navn);
  return name === normalised(`${kommune} kommune`) || name === normalised(`${kommune}s kommune`);
}

/** The sender, as the identity that makes a letter id unique: its EAN, else its SOR code, else its name. */
export const senderKey = (plan: Pick<GgopPlan, 'afsender'>): string => plan.afsender.ean ?? plan.afsender.sor ?? plan.afsender.navn;
