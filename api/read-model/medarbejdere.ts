// The kommune's people (medarbejdere): seen in verified tokens, or entered by a leder.
import type { Pool } from 'pg';
import type { Role } from '../../domain/regelsaet';

export type Medarbejder = { userId: string; navn: string; rolle: Role; enhed: string | null; aktiv: boolean; kilde: 'login' | 'liste' };

/** A person as a verified token names them: the identity provider's name, role and unit win. */
export async function recordSeen(pool: Pool, kommune: string, person: { userId: string; navn: string; rolle: Role; enhed?: string | undefined }): Promise<void> {
  await pool.query(
    `INSERT INTO medarbejdere (kommune, user_id, navn, rolle, enhed, kilde, sidst_set) VALUES ($1, $2, $3, $4, $5, 'login', now())
     ON CONFLICT (kommune, user_id) DO UPDATE SET navn = EXCLUDED.navn, rolle = EXCLUDED.rolle, enhed = EXCLUDED.enhed,
       kilde = 'login', sidst_set = now(), opdateret_at = now()`,
    [kommune, person.userId, person.navn, person.rolle, person.enhed ?? null],
  );
}

/** A person on the kommune's own list, entered or changed by a leder. */
export async function saveListed(pool: Pool, kommune: string, person: { userId: string; navn: string; rolle: Role; enhed: string | null; aktiv: boolean }): Promise<Medarbejder> {
  const { rows } = await pool.query<Row>(
    `INSERT INTO medarbejdere (kommune, user_id, navn, rolle, enhed, kilde, aktiv) VALUES ($1, $2, $3, $4, $5, 'liste', $6)
     ON CONFLICT (kommune, user_id) DO UPDATE SET navn = EXCLUDED.navn, rolle = EXCLUDED.rolle, enhed = EXCLUDED.enhed,
       aktiv = EXCLUDED.aktiv, opdateret_at = now()
     RETURNING user_id, navn, rolle, enhed, aktiv, kilde`,
    [kommune, person.userId, person.navn, person.rolle, person.enhed, person.aktiv],
  );
  return toMedarbejder(rows[0]!);
}

type Row = { user_id: string; navn: string; rolle: Role; enhed: string | null; aktiv: boolean; kilde: 'login' | 'liste' };
const toMedarbejder = (r: Row): Medarbejder => ({ userId: r.user_id, navn: r.navn, rolle: r.rolle, enhed: r.enhed, aktiv: r.aktiv, kilde: r.kilde });

export type MedarbejderFilter = { rolle?: Role | undefined; enhed?: string | undefined; inaktive?: boolean | undefined };

/** The kommune's people, by unit and name; the active ones unless asked otherwise. */
export async function listMedarbejdere(pool: Pool, kommune: string, filter: MedarbejderFilter = {}): Promise<Medarbejder[]> {
  const { rows } = await pool.query<Row>(
    `SELECT user_id, navn, rolle, enhed, aktiv, kilde FROM medarbejdere
      WHERE kommune = $1 AND ($2::text IS NULL OR rolle = $2) AND ($3::text IS NULL OR enhed = $3) AND (aktiv OR $4)
      ORDER BY enhed NULLS LAST, navn, user_id`,
    [kommune, filter.rolle ?? null, filter.enhed ?? null, filter.inaktive ?? false],
  );
  return rows.map(toMedarbejder);
}

