// Opgaver as one row per open piece of work, against the real stack (npm start) in Chromium: a forløb
// created with a discharge date long past gives the koordinator one current row, not one per level;
// the leder sees one row per forløb and deadline at its highest level, one Kvittér clears it and the
// focus moves to the next row, and the menu counts the rows; a booked start removes the
// koordinator's row (and, booked without a therapist, asks for one until one is assigned); the
// visitator sees a pending tillægsbevilling. Commands that only set the scene go through the API.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSession, copenhagenDay, openBrowserSession, seriousViolations, signIn, type Stack } from './stack';

const ports = { api: 13280, temporal: 17480, ui: 18480, pg: 15680 };

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function waitForText(locator: ReturnType<Page['locator']>, text: string | RegExp, timeout = 20_000) {
  await expect.poll(async () => (await locator.textContent()) ?? '', { timeout, interval: 250 }).toMatch(text);
}

type Rolle = 'koordinator' | 'leder' | 'visitator' | 'terapeut';

/** The API as a development user of a role and kommune. */
async function api(rolle: Rolle, kommune: string) {
  const res = await fetch(`${stack.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rolle, kommune, ...(rolle === 'terapeut' ? { enhed: `Træningsenheden ${kommune}` } : {}) }),
  });
  const { token } = (await res.json()) as { token: string };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}

const rowsOf = (id: string) => page.locator(`[data-testid="opgaver"] tbody tr[data-forloeb="${id}"]`);

/** Opens Opgaver afresh until `done` holds (the page also polls every 10 s by itself). */
async function untilOpgaver(done: () => Promise<boolean>, timeout = 60_000) {
  await expect
    .poll(
      async () => {
        await page.goto(`${stack.url}/#/`);
        await page.getByRole('heading', { name: 'Opgaver' }).waitFor();
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
        return done();
      },
      { timeout, interval: 1_000 },
    )
    .toBe(true);
}

beforeAll(async () => {
  ({ stack, browser, context, page } = await openBrowserSession(ports));
}, 240_000);

afterAll(async () => {
  expect(await closeBrowserSession({ stack, browser, context })).toEqual([]);
}, 60_000);

describe('Opgaver: one row per piece of work', { timeout: 150_000 }, () => {
  let first = '';
  let second = '';

  it('koordinator: a forløb created with a discharge date long past gives one current row, not one per level', async () => {
    await signIn(page, stack.url, 'koordinator-Sønderborg');
    await page.getByRole('link', { name: 'Nyt forløb' }).click();
    await page.getByLabel('CPR-nummer').fill('0101904321');
    await page.getByLabel('Borgerens navn').fill('Åge Ærø');
    await page.getByLabel('Udskrivningsdato').fill(copenhagenDay(-30));
    await page.getByLabel('Kategori').selectOption('ryg');
    await page.getByLabel('Niveau', { exact: true }).selectOption('basal');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    await page.waitForURL(/#\/forloeb\/forloeb-/);
    first = /(forloeb-[0-9a-f-]{36})$/.exec(page.url())![1]!;
    // A second one, through the API.
    const koordinator = await api('koordinator', 'Sønderborg');
    const created = await koordinator.post('/api/forloeb', {
      regelsaetId: 'sonderborg-sul140',
      kilde: { kind: 'genoptraeningsplan', cpr: '020290-4321', navn: 'Bodil Bæk', udskrivningsdato: copenhagenDay(-20), kategori: 'ryg', niveau: 'basal' },
    });
    second = created.id as string;

    // The reminder and the first escalation fell due at once: one row, at the escalation.
    await untilOpgaver(async () => (await rowsOf(first).count()) === 1 && (await rowsOf(second).count()) === 1);
    const row = rowsOf(first);
    await waitForText(row.getByTestId('trin'), /^Eskalering, trin 1/);
    await waitForText(row, /Åge Ærø[\s\S]*010190-xxxx[\s\S]*Opstart[\s\S]*Overskredet[\s\S]*Ingen terapeut[\s\S]*Book opstart/);
    // Every notice of the deadline reached the log, but only one row the inbox.
    const detail = await koordinator.get(`/api/forloeb/${first}`);
    const opstart = (detail.frister as { type: string; eskaleringerSendt: number; paamindelser: { sendt: boolean }[] }[]).find((f) => f.type === 'opstart')!;
    expect(opstart.eskaleringerSendt + opstart.paamindelser.filter((p) => p.sendt).length).toBeGreaterThanOrEqual(3);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('leder: one row per forløb and deadline at its highest level; one Kvittér clears it and the focus moves on; the menu counts the rows', async () => {
    await signIn(page, stack.url, 'leder-Sønderborg');
    const leder = await api('leder', 'Sønderborg');
    const trin = async (id: string) => {
      const d = await leder.get(`/api/forloeb/${id}`);
      return (d.frister as { type: string; eskaleringerSendt: number }[]).find((f) => f.type === 'opstart')!.eskaleringerSendt;
    };
    const highest = await trin(first);
    expect(highest).toBeGreaterThanOrEqual(2);
    await untilOpgaver(async () => (await rowsOf(first).count()) === 1 && (await rowsOf(second).count()) === 1);
    await waitForText(rowsOf(first).getByTestId('trin'), new RegExp(`^Eskalering, trin ${highest}`));
    await waitForText(rowsOf(second).getByTestId('trin'), new RegExp(`^Eskalering, trin ${await trin(second)}`));
    const all = page.locator('[data-testid="opgaver"] tbody tr');
    await waitForText(page.getByTestId('opgaver-antal'), String(await all.count()));

    // Kvittér on the first row: it leaves, and the focus is on the Kvittér of the row now first.
    const before = await all.count();
    const top = (await all.first().getAttribute('data-forloeb'))!;
    const next = (await all.nth(1).getAttribute('data-forloeb'))!;
    await all.first().getByRole('button', { name: /^Kvittér/ }).click();
    await expect.poll(() => rowsOf(top).count()).toBe(0);
    await expect.poll(() => page.evaluate<string>("document.activeElement?.closest('tr')?.getAttribute('data-forloeb') ?? document.activeElement?.tagName")).toBe(next);
    await waitForText(page.getByTestId('opgaver-antal'), String(before - 1));
    // The last one: the focus goes to the message, not the page body.
    while ((await all.count()) > 0) {
      const n = await all.count();
      await all.first().getByRole('button', { name: /^Kvittér/ }).click();
      await expect.poll(() => all.count()).toBe(n - 1);
    }
    await page.getByText('Du har ingen åbne opgaver.').waitFor();
    expect(await page.evaluate<string>('document.activeElement?.tagName')).not.toBe('BODY');
    await waitForText(page.getByTestId('opgaver-antal'), '0');
    // Acknowledged stays acknowledged: nothing comes back on a fresh load.
    await page.reload();
    await page.getByText('Du har ingen åbne opgaver.').waitFor();
  });

  it('koordinator: a booked start removes the row; booked without a therapist it asks for one until one is assigned', async () => {
    await signIn(page, stack.url, 'koordinator-Sønderborg');
    const koordinator = await api('koordinator', 'Sønderborg');
    await koordinator.post(`/api/forloeb/${first}/visitation`, { afgoerelse: 'bevilget' });
    await page.goto(`${stack.url}/#/forloeb/${first}`);
    await page.getByLabel('Startdato').fill(copenhagenDay(0));
    await page.getByRole('button', { name: 'Book opstart' }).click();
    await waitForText(page.locator('main'), 'Opstarten er booket');

    await page.getByRole('link', { name: 'Opgaver' }).click();
    await untilOpgaver(async () => (await rowsOf(first).count()) === 1);
    const row = rowsOf(first);
    await waitForText(row, /Opgave[\s\S]*Åge Ærø[\s\S]*Opstart uden terapeut[\s\S]*Tildel terapeut/);
    expect(await row.filter({ hasText: 'Book opstart' }).count()).toBe(0);
    // Nor does it wait for the koordinator any more.
    expect(await page.locator(`[data-testid="venter"] tr[data-forloeb="${first}"]`).count()).toBe(0);

    await koordinator.post(`/api/forloeb/${first}/terapeut`, { terapeut: 'Tobias Terapeut (Sønderborg)', enhed: 'Træningsenheden Sønderborg' });
    await untilOpgaver(async () => (await rowsOf(first).count()) === 0);
    // The other forløb, not booked, keeps its row.
    expect(await rowsOf(second).count()).toBe(1);
  });

  it('visitator: a tillægsbevilling awaiting a decision is on Opgaver, with the borger, the therapist and the next step', async () => {
    const visitator = await api('visitator', 'Varde');
    const terapeut = await api('terapeut', 'Varde');
    const { id } = (await visitator.post('/api/forloeb', {
      regelsaetId: 'varde-sel86-1',
      kilde: { kind: 'ansoegning', cpr: '030385-4321', navn: 'Carl Øbro', modtaget: copenhagenDay(-3), indsatsId: 'genoptraeningsforloeb' },
    })) as { id: string };
    await visitator.post(`/api/forloeb/${id}/visitation`, { afgoerelse: 'bevilget', indsatsId: 'genoptraeningsforloeb' });
    await visitator.post(`/api/forloeb/${id}/terapeut`, { terapeut: 'Tobias Terapeut (Varde)', enhed: 'Træningsenheden Varde' });
    await terapeut.post(`/api/forloeb/${id}/opstart`, { startdato: copenhagenDay(0) });
    await terapeut.post(`/api/forloeb/${id}/opstart/afholdt`, { dato: copenhagenDay(0) });
    await terapeut.post(`/api/forloeb/${id}/forlaengelse`, { type: 'tillaegsbevilling_lille', antal: 4, begrundelse: 'Borgeren har fortsat udviklingspotentiale.' });

    await signIn(page, stack.url, 'visitator-Varde');
    await untilOpgaver(async () => (await rowsOf(id).count()) === 1);
    await waitForText(rowsOf(id), /Afventer afgørelse[\s\S]*Carl Øbro[\s\S]*030385-xxxx[\s\S]*Afgørelse om forlængelse[\s\S]*Tobias Terapeut \(Varde\), Træningsenheden Varde[\s\S]*Afgør anmodning/);
    expect(await seriousViolations(page)).toEqual([]);

    // Decided, it leaves by itself.
    await visitator.post(`/api/forloeb/${id}/forlaengelse/1/afgoerelse`, { afgoerelse: 'godkendt', begrundelse: 'Bevilget.' });
    await untilOpgaver(async () => (await rowsOf(id).count()) === 0);
  });
});
