// Who a bearer token names, read from its claims for display and for choosing the screens (the API
// verifies every request): a case role, or drift, the operations role. Pure: no storage, no DOM, so
// it is tested against the API's own tokens. Also the development users the sign-in page offers.
import { ROLLE_NAVN as CASE_ROLLE_NAVN, type Role } from '../../api/contract';

/** The case roles: the roles of the forløb rules, as the domain names them. */
export type Rolle = Role;
/** A token's role: a case role, or drift (operations), which sees no forløb and only the Drift page. */
export type Brugerrolle = Rolle | 'drift';
export type Identity = { navn: string; rolle: Rolle; kommune: string; enhed?: string; userId: string };
/** An operations person; the token's kommune is shown but scopes nothing. */
export type DriftIdentity = { navn: string; rolle: 'drift'; kommune: string; enhed?: undefined; userId: string };
/** Whoever is signed in. */
export type Bruger = Identity | DriftIdentity;

/** The case roles' Danish names from the domain's dictionary, and the operations role's. */
export const ROLLE_NAVN: Record<Brugerrolle, string> = { ...CASE_ROLLE_NAVN, drift: 'Drift' };

export const KOMMUNER = ['Sønderborg', 'Varde', 'Brøndby', 'Nyborg'] as const;

/** Development users: four roles in each of the four kommuner (terapeuter belong to a unit), and one of drift. */
export type DevUser = { id: string; rolle: Brugerrolle; kommune: string; navn: string; enhed?: string };
const NAVNE: Record<Rolle, string> = { visitator: 'Vibeke Visitator', koordinator: 'Karin Koordinator', terapeut: 'Tobias Terapeut', leder: 'Lone Leder' };
export const DEV_USERS: readonly DevUser[] = KOMMUNER.flatMap((kommune): DevUser[] =>
  (['koordinator', 'terapeut', 'visitator', 'leder'] as const).map((rolle) => ({
    id: `${rolle}-${kommune}`,
    rolle,
    kommune,
    navn: `${NAVNE[rolle]} (${kommune})`,
    ...(rolle === 'terapeut' ? { enhed: `Træningsenheden ${kommune}` } : {}),
  })),
).concat([{ id: 'drift', rolle: 'drift', kommune: KOMMUNER[0], navn: 'Dorte Drift' }]);

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a token, for display only (the API verifies every request). */
export function identityOf(token: string): Bruger | null {
  try {
    const claims = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
    const rolle = claims.rolle as Brugerrolle;
    if (!(rolle in ROLLE_NAVN) || typeof claims.kommune !== 'string') return null;
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return null;
    const navn = typeof claims.name === 'string' ? claims.name : String(claims.sub ?? '');
    const userId = String(claims.sub ?? '');
    if (rolle === 'drift') return { navn, rolle, kommune: claims.kommune, userId };
    return { navn, rolle, kommune: claims.kommune, userId, ...(typeof claims.enhed === 'string' ? { enhed: claims.enhed } : {}) };
  } catch {
    return null;
  }
}
