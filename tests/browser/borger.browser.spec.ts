// The koordinator finds a borger through the web UI on the real stack (npm start): two forløb are
// created in the Nyt forløb form with the borger's name; the header's search field, from another
// page, finds one by the whole CPR number and both namesakes' forløb by the start of a surname typed
// in another case; the list rows name the borger with the masked CPR number (ddmmyy-xxxx), never the
// whole number, and the term is in no address, history entry or storage. A leder's search of the
// access log for that borger shows the koordinator's search (kind and hits, no term). axe-core finds
// no serious or critical WCAG 2.1 AA violation on the search screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowserSession, copenhagenDay, openBrowserSession, seriousViolations, signIn, type Stack } from './stack';

const ports = { api: 13270, temporal: 17470, ui: 18470, pg: 15670 };

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const CPR = '140352-1239';
const detailId = () => /#\/forloeb\/(forloeb-[0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
const rows = () => page.locator('[data-testid="forloebsliste"] tbody tr');
const rowIds = () => rows().evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: Record<string, string> }).dataset.forloeb).sort());

async function waitForText(locator: ReturnType<Page['locator']>, text: string | RegExp, timeout = 20_000) {
  await expect.poll(async () => (await locator.textContent()) ?? '', { timeout, interval: 250 }).toMatch(text);
}

async function create(cpr: string, navn: string): Promise<string> {
  await page.getByRole('link', { name: 'Nyt forløb' }).click();
  await page.getByLabel('CPR-nummer').fill(cpr);
  await page.getByLabel('Borgerens navn').fill(navn);
  await page.getByLabel('Udskrivningsdato').fill(copenhagenDay(-3));
  await page.getByLabel('Kategori').selectOption('knae-underben');
  await page.getByLabel('Niveau', { exact: true }).selectOption('basal');
  await page.getByRole('button', { name: 'Opret forløb' }).click();
  await page.waitForURL(/#\/forloeb\/forloeb-/);
  return detailId();
}

async function searchFromHeader(term: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/borgere/soeg') && r.request().method() === 'POST');
  await page.getByRole('search', { name: 'Find borger' }).first().getByLabel('Find borger').fill(term);
  await page.getByRole('search', { name: 'Find borger' }).first().getByRole('button', { name: 'Søg' }).click();
  expect((await answered).status()).toBe(200);
  await page.getByRole('heading', { name: 'Find borger' }).waitFor();
}

beforeAll(async () => {
  ({ stack, browser, context, page } = await openBrowserSession(ports));
}, 240_000);

afterAll(async () => {
  expect(await closeBrowserSession({ stack, browser, context })).toEqual([]);
}, 60_000);

describe('finding a borger', { timeout: 120_000 }, () => {
  let first = '';
  let second = '';

  it('koordinator: finds a borger by CPR number and by name from the header, and sees name and masked CPR', async () => {
    await signIn(page, stack.url, 'koordinator-Sønderborg');
    first = await create(CPR, 'Bøje Østergård');
    second = await create('0507881235', 'Åse Marie Østergaard');
    // The Forløb list, once the read model has both: each row names the borger with the masked CPR number.
    await page.getByRole('link', { name: 'Forløb', exact: true }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Forløb', exact: true }).waitFor();
          await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
          return rowIds();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual([first, second].sort());
    await waitForText(page.locator(`tr[data-forloeb="${first}"]`), /Bøje Østergård[\s\S]*140352-xxxx/);
    expect((await page.locator('main').textContent()) ?? '').not.toContain('1239');
    await page.getByRole('link', { name: 'Opgaver' }).click();
    const historyBefore = await page.evaluate('history.length');

    // By the whole CPR number: only that borger.
    await searchFromHeader(CPR);
    await expect.poll(rowIds).toEqual([first]);
    await waitForText(rows().first(), /Bøje Østergård[\s\S]*140352-xxxx/);
    const seen = (await page.locator('body').textContent()) ?? '';
    expect(seen).not.toContain('140352-1239');
    expect(seen).not.toContain('1239');
    expect(page.url()).not.toContain('140352');
    const axe = await seriousViolations(page);
    expect(axe).toEqual([]);

    // By the start of a surname, in capitals, æøå as letters: both namesakes.
    await searchFromHeader('ØSTERG');
    await expect.poll(rowIds).toEqual([first, second].sort());
    await waitForText(page.locator('main'), '2 forløb fundet');
    // By first name and middle name: one.
    await searchFromHeader('åse mar');
    await expect.poll(rowIds).toEqual([second]);
    await waitForText(rows().first(), /Åse Marie Østergaard[\s\S]*050788-xxxx/);
    // The row leads to the forløb.
    await rows().first().getByRole('link', { name: 'Åse Marie Østergaard' }).click();
    await page.waitForURL(new RegExp(`#/forloeb/${second}$`));

    // No term in an address, the history or storage.
    expect(page.url()).not.toMatch(/140352|ØSTERG|%C3%98STERG|åse|%C3%A5se/i);
    expect(await page.evaluate('history.length')).toBeGreaterThan(historyBefore as number);
    expect(await page.evaluate<string>('JSON.stringify([{ ...sessionStorage }, { ...localStorage }, history.state])')).not.toMatch(/140352|østerg|åse mar/i);

    // A half CPR number is refused beside the field, naming what is wrong, without a search.
    await page.getByRole('search', { name: 'Find borger' }).first().getByLabel('Find borger').fill('140352');
    await page.getByRole('search', { name: 'Find borger' }).first().getByRole('button', { name: 'Søg' }).click();
    const fieldError = page.locator('[data-felt="soeg"]');
    await waitForText(fieldError, 'helt CPR-nummer');
    await expect.poll(() => page.getByLabel('CPR-nummer eller navn').getAttribute('aria-invalid')).toBe('true');
  });

  it("leder: the access log for the borger shows the koordinator's search, without the term", async () => {
    await signIn(page, stack.url, 'leder-Sønderborg');
    const token = await page.evaluate(() => sessionStorage.getItem('forloeb.token'));
    const res = await page.request.post(`${stack.url}/api/adgangslog/soeg`, { headers: { authorization: `Bearer ${token}` }, data: { cpr: CPR } });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { forloeb: string[]; adgange: { art: string; rolle: string; forloebId: string | null; soegning?: { type: string; antalFund: number } }[] };
    expect(body.forloeb).toEqual([first]);
    expect(body.adgange).toContainEqual(expect.objectContaining({ art: 'soegning', rolle: 'koordinator', forloebId: null, soegning: { type: 'cpr', antalFund: 1 } }));
    expect(body.adgange).toContainEqual(expect.objectContaining({ art: 'oprettelse', forloebId: first }));
    expect(JSON.stringify(body)).not.toContain('140352');
  });
});
