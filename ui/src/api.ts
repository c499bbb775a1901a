// The HTTP API on the same origin. Every call carries the bearer token; a refusal arrives as
// { fejl, felter? } and is thrown as an ApiError with the Danish reason to show.
import { clearToken, getToken } from './session';
import type { Regelsaet, RegelsaetSummary } from './types';

export type FieldError = { felt: string; besked: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly felter: FieldError[] = [],
    /** A reason the client acts on, e.g. `kraever_bekraeftelse`: ask the user, then send again confirmed. */
    readonly kode?: string,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (fn: () => void) => {
  onUnauthorized = fn;
};

async function request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
  const token = getToken();
  const headers: Record<string, string> = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, 'Serveren kunne ikke nås. Prøv igen om lidt.');
  }
  if (!res.ok) {
    let fejl = `Forespørgslen blev afvist (${res.status})`;
    let felter: FieldError[] = [];
    let kode: string | undefined;
    try {
      const parsed = (await res.json()) as { fejl?: string; felter?: FieldError[]; kode?: string };
      if (parsed.fejl) fejl = parsed.fejl;
      if (parsed.felter) felter = parsed.felter;
      if (parsed.kode) kode = parsed.kode;
    } catch {
      // not JSON
    }
    // Only the token this request carried is dropped: a late answer to a request of an earlier
    // session must not sign out the user who has signed in since.
    if (res.status === 401 && token && getToken() === token) {
      clearToken();
      onUnauthorized();
    }
    throw new ApiError(res.status, fejl, felter, kode);
  }
  return res;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await request('GET', path)).json()) as T;
}

export async function getText(path: string): Promise<string> {
  return (await request('GET', path)).text();
}

/** A file the API answers (a decision letter's PDF), as a Blob. */
export async function getBlob(path: string): Promise<Blob> {
  return (await request('GET', path)).blob();
}

/** A command: each intended command gets a fresh idempotency key, so a network retry is not applied twice. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  return (await (await request('POST', path, body, { 'idempotency-key': crypto.randomUUID() })).json()) as T;
}

/** A POST that is no command (showing a CPR number, a search): no idempotency key, so its answer is never stored. */
export async function postRead<T>(path: string, body: unknown = {}): Promise<T> {
  return (await (await request('POST', path, body)).json()) as T;
}

/** Builds a query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Regelsæt change only when the server restarts: kept in sessionStorage for ten minutes, so a page load waits for no extra round trip. */
const CONFIG_TTL_MS = 10 * 60_000;

async function getConfig<T>(path: string): Promise<T> {
  const key = `forloeb.konfiguration:${path}`;
  try {
    const hit = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { at: number; value: T } | null;
    if (hit && Date.now() - hit.at < CONFIG_TTL_MS) return hit.value;
  } catch {
    // not cached
  }
  const value = await get<T>(path);
  try {
    sessionStorage.setItem(key, JSON.stringify({ at: Date.now(), value }));
  } catch {
    // storage full or off: fetched every time
  }
  return value;
}

export const getRegelsaetSummaries = () => getConfig<RegelsaetSummary[]>('/api/regelsaet');
export const getRegelsaet = (id: string) => getConfig<Regelsaet>(`/api/regelsaet/${encodeURIComponent(id)}`);

/** The kommune's regelsæt with their roles, indsatser and deadlines. */
export async function getOwnRegelsaet(kommune: string): Promise<Regelsaet[]> {
  const all = await getRegelsaetSummaries();
  return Promise.all(all.filter((r) => r.kommune === kommune).map((r) => getRegelsaet(r.id)));
}
