// The web UI against the real stack (npm start), through the browser only: a koordinator's reminder
// for an unbooked §140 start goes away when the start is booked; a terapeut's sessions move the frame
// bar and the timeline; a tillægsbevilling is requested, approved and seen; a leder's report matches
// its CSV; an invalid CPR is refused in the form; another kommune cannot open the forløb; and axe-core
// finds no serious or critical WCAG 2.1 AA violation on any screen. Screenshots go to test-results/screenshots
// (docs/screenshots by `npm run screenshots`).
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRegelsaet } from '../../domain/regelsaet';
import { addPeriod } from '../../domain/regelsaet/period';
import { FRIST_NAVN } from '../../domain/forloeb/labels';
import { type AxeViolation, closeBrowserSession, copenhagenDay, openBrowserSession, screenshot, seriousViolations, signIn, type Stack } from './stack';

const ports = { api: 13200, temporal: 17400, ui: 18400, pg: 15599 };

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const axeFindings: Record<string, AxeViolation[]> = {};

/** axe on the current screen, and a screenshot of it. */
async function check(name: string): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  axeFindings[name] = await seriousViolations(page);
  await screenshot(page, name);
}

async function openTab(name: string) {
  await page.getByRole('tab', { name }).click();
}

const detailId = () => /#\/forloeb\/(forloeb-[0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

async function waitForText(locator: ReturnType<Page['locator']>, text: string | RegExp, timeout = 20_000) {
  await expect.poll(async () => (await locator.textContent()) ?? '', { timeout, interval: 250 }).toMatch(text);
}

beforeAll(async () => {
  ({ stack, browser, context, page } = await openBrowserSession(ports, { acceptDownloads: true }));
}, 240_000);

afterAll(async () => {
  expect(await closeBrowserSession({ stack, browser, context })).toEqual([]);
}, 60_000);

describe('the web UI', { timeout: 120_000 }, () => {
  let sul140Id = '';
  let vardeId = '';

  it('serves the sign-in page on the API origin and signs a koordinator in', async () => {
    await page.goto(`${stack.url}/`);
    await expect.poll(() => page.title()).toBe('Log ind – Forløbsmotoren');
    await check('log-ind');
    await signIn(page, stack.url, 'koordinator-Sønderborg');
    const header = page.getByTestId('bruger');
    await waitForText(header, /Karin Koordinator \(Sønderborg\)[\s\S]*Faglig koordinator[\s\S]*Sønderborg Kommune/);
    // An unknown address outside /api is the app; an unknown /api address is never the app.
    expect((await page.request.get(`${stack.url}/noget/andet`)).headers()['content-type']).toContain('text/html');
    const api = await page.request.get(`${stack.url}/api/findes-ikke`);
    expect(api.status()).toBeGreaterThanOrEqual(400);
    expect(api.headers()['content-type']).toContain('application/json');
  });

  it('refuses an invalid CPR in the Ny forløb form with a Danish field error and creates nothing', async () => {
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/forloeb')) posts.push(r.url());
    });
    await page.getByRole('link', { name: 'Nyt forløb' }).click();
    await page.getByLabel('CPR-nummer').fill('12345');
    await page.getByLabel('Udskrivningsdato').fill(copenhagenDay(-6));
    await page.getByLabel('Kategori').selectOption('knae-underben');
    await page.getByLabel('Niveau', { exact: true }).selectOption('basal');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    const fieldError = page.locator('[data-felt="cpr"]');
    await waitForText(fieldError, 'skal være et CPR-nummer på formen DDMMÅÅ-NNNN');
    await expect.poll(() => page.getByLabel('CPR-nummer').getAttribute('aria-invalid')).toBe('true');
    await check('ny-forloeb-fejl');
    expect(posts).toEqual([]);
    await page.getByRole('link', { name: 'Forløb', exact: true }).click();
    await waitForText(page.locator('main'), 'Ingen forløb passer til filtrene');
  });

  it('koordinator: the reminder for an unbooked §140 start shows, the start is booked, the reminder goes and the deadline is met', async () => {
    await page.getByRole('link', { name: 'Nyt forløb' }).click();
    await page.getByLabel('CPR-nummer').fill('010190-1234');
    await page.getByLabel('Borgerens navn').fill('Søren Ærø Åberg');
    await page.getByLabel('Udskrivningsdato').fill(copenhagenDay(-6));
    await page.getByLabel('Kategori').selectOption('knae-underben');
    await page.getByLabel('Niveau', { exact: true }).selectOption('basal');
    await check('ny-forloeb');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    await page.waitForURL(/#\/forloeb\/forloeb-/);
    sul140Id = detailId();
    expect(sul140Id).not.toBe('');
    // The CPR number is in neither the address, the title nor the page.
    expect(page.url()).not.toContain('010190');
    expect(await page.title()).not.toContain('010190');
    // Masked as the lists show it: the birth date, the last four digits hidden.
    await waitForText(page.getByTestId('cpr'), '010190-xxxx');
    expect(await page.locator('body').textContent()).not.toContain('010190-1234');
    // Shown only when asked for (the API logs it), and still in no address, title, history entry or storage.
    const historyLength = await page.evaluate('history.length');
    const shown = page.waitForResponse((r) => r.url().endsWith(`/api/forloeb/${sul140Id}/cpr`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Vis CPR-nummer' }).click();
    expect((await shown).status()).toBe(200);
    await waitForText(page.getByTestId('cpr'), '010190-1234');
    expect(page.url()).not.toContain('010190');
    expect(await page.title()).not.toContain('010190');
    expect(await page.evaluate('history.length')).toBe(historyLength);
    expect(await page.evaluate<string>('JSON.stringify([{ ...sessionStorage }, { ...localStorage }, history.state])')).not.toContain('010190');
    await page.getByRole('button', { name: 'Skjul CPR-nummer' }).click();
    await waitForText(page.getByTestId('cpr'), /^010190-xxxx/);
    expect(await page.locator('body').textContent()).not.toContain('010190-1234');

    // Opgaver: the reminder arrives (the page polls every 10 s).
    await page.getByRole('link', { name: 'Opgaver' }).click();
    const row = page.locator(`[data-testid="opgaver"] tr[data-forloeb="${sul140Id}"]`).filter({ hasText: 'Opstart' });
    await row.first().waitFor({ timeout: 40_000 });
    // Below the reminders: the plans waiting for the koordinator's planning, with their next deadline.
    await waitForText(page.locator(`[data-testid="venter"] tr[data-forloeb="${sul140Id}"]`), /Visitation[\s\S]*Opstart, \d{2}\.\d{2}\.\d{4}/);
    await check('opgaver-koordinator');

    await row.first().getByTestId('borger-navn').click();
    await page.getByRole('button', { name: 'Registrér visitation' }).click();
    await waitForText(page.locator('.step-indicator li.current'), 'Opstart');
    await page.getByLabel('Terapeut', { exact: true }).fill('Tobias Terapeut (Sønderborg)');
    await page.getByLabel('Enhed', { exact: true }).fill('Træningsenheden Sønderborg');
    await page.getByRole('button', { name: 'Tildel', exact: true }).click();
    await waitForText(page.locator('main'), 'Terapeuten er tildelt');
    await page.getByLabel('Startdato').fill(copenhagenDay(0));
    await page.getByRole('button', { name: 'Book opstart' }).click();
    await waitForText(page.locator('main'), 'Opstarten er booket');
    await waitForText(page.locator('tr[data-frist="opstart"]'), /Overholdt(?! for sent)/);
    await check('forloeb-koordinator');

    await page.getByRole('link', { name: 'Opgaver' }).click();
    await page.getByRole('heading', { name: 'Opgaver' }).waitFor();
    await expect.poll(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Opgaver' }).waitFor();
      await page.waitForLoadState('networkidle');
      return page.locator(`[data-testid="opgaver"] tr[data-forloeb="${sul140Id}"]`).filter({ hasText: 'Opstart' }).count();
    }, { timeout: 30_000, interval: 1000 }).toBe(0);
  });

  it('koordinator: Kvittér takes a reminder off the list', async () => {
    await page.getByRole('link', { name: 'Nyt forløb' }).click();
    await page.getByLabel('CPR-nummer').fill('0302751234');
    await page.getByLabel('Borgerens navn').fill('Åse Østergård');
    await page.getByLabel('Udskrivningsdato').fill(copenhagenDay(-6));
    await page.getByLabel('Kategori').selectOption('ryg');
    await page.getByLabel('Niveau', { exact: true }).selectOption('avanceret');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    await page.waitForURL(/#\/forloeb\/forloeb-/);
    const otherId = detailId();
    await page.getByRole('link', { name: 'Opgaver' }).click();
    const row = page.locator(`[data-testid="opgaver"] tr[data-forloeb="${otherId}"]`);
    await row.first().waitFor({ timeout: 40_000 });
    await row.first().getByRole('button', { name: /^Kvittér/ }).click();
    await waitForText(page.locator('main'), 'Du har kvitteret for opstart for Åse Østergård');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
  });

  it('Opgaver updates by itself: an escalation arrives without a reload, first and marked overdue; the list filters and sorting find it', async () => {
    await signIn(page, stack.url, 'terapeut-Nyborg');
    await page.getByRole('heading', { name: 'Opgaver' }).waitFor();
    await page.getByText('Du har ingen åbne opgaver.').waitFor();
    await page.evaluate('window.sammeSide = true');
    // Referrals arrive from elsewhere meanwhile: one received three weeks ago (its contact deadline is
    // long past) and one today.
    const token = await page.evaluate<string>('sessionStorage.getItem("forloeb.token")');
    const henvis = async (cpr: string, modtaget: string) => {
      const res = await page.request.post(`${stack.url}/api/forloeb`, {
        headers: { authorization: `Bearer ${token}` },
        data: { regelsaetId: 'nyborg-sel86-1', kilde: { kind: 'henvisning', cpr, modtaget, henviser: 'laege' } },
      });
      expect(res.status()).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const late = await henvis('110570-1234', copenhagenDay(-21));
    const fresh = await henvis('120671-2345', copenhagenDay(0));

    const escalation = page.locator(`[data-testid="opgaver"] tr[data-forloeb="${late}"]`).filter({ hasText: 'Eskalering' });
    await escalation.first().waitFor({ timeout: 40_000 });
    expect(await page.evaluate('window.sammeSide')).toBe(true);
    await waitForText(escalation.first(), 'Overskredet');
    // Most urgent first: an escalation heads the list.
    await waitForText(page.locator('[data-testid="opgaver"] tbody tr').first(), 'Eskalering');
    const waiting = page.locator(`[data-testid="venter"] tr[data-forloeb="${late}"]`);
    await waitForText(waiting, /Kontakt til borgeren[\s\S]*dage over[\s\S]*Overskredet/);
    expect(await page.evaluate('window.sammeSide')).toBe(true);
    await check('opgaver-terapeut');

    // The Forløb list: only overdue, due this week, a phase, and the order.
    const rows = page.locator('[data-testid="forloebsliste"] tbody tr');
    const ids = async () => rows.evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: Record<string, string> }).dataset.forloeb));
    const show = async (set: (form: Page) => Promise<unknown>) => {
      await page.goto(`${stack.url}/#/forloeb`);
      await page.getByRole('heading', { name: 'Forløb', exact: true }).waitFor();
      await set(page);
      await page.getByRole('button', { name: 'Vis forløb' }).click();
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    };
    await show(async (p) => p.getByLabel('Kun overskredne frister').check());
    await expect.poll(ids).toEqual([late]);
    await waitForText(rows.first(), /dage over[\s\S]*Overskredet/);
    await check('forloeb-overskredne-terapeut');
    await show(async (p) => p.getByLabel('Forfalder denne uge').check());
    await expect.poll(ids).toContain(late);
    await show(async (p) => {
      await p.getByLabel('Fase').selectOption('opstart');
    });
    await waitForText(page.locator('main'), 'Ingen forløb passer til filtrene');
    await show(async (p) => {
      await p.getByLabel('Sortér efter').selectOption('naesteFrist');
    });
    await expect.poll(ids).toEqual([late, fresh]);
    await show(async (p) => {
      await p.getByLabel('Sortér efter').selectOption('oprettet');
      await p.getByLabel('Rækkefølge').selectOption('desc');
    });
    await expect.poll(ids).toEqual([fresh, late]);
    expect(page.url()).toContain('sorter=oprettet');
    expect(page.url()).not.toMatch(/110570|120671/);
  });

  it('terapeut: three sessions and a no-show change the frame bar and the timeline; annulling the no-show and a session registered in error undoes them', async () => {
    await signIn(page, stack.url, 'terapeut-Sønderborg');
    await page.getByRole('link', { name: 'Min caseload' }).click();
    const link = page.locator(`tr[data-forloeb="${sul140Id}"] a`);
    await link.waitFor();
    await check('caseload-terapeut');
    await link.click();
    // Only the terapeut's own steps: visitation, assignment and booking are the koordinator's here.
    await expect.poll(() => page.locator('form.handling h3').allTextContents()).toEqual(['Opstart afholdt', 'Afslut forløbet']);
    await page.getByRole('button', { name: 'Registrér opstart' }).click();
    await waitForText(page.locator('.step-indicator li.current'), 'Træning');
    const frame = page.getByTestId('ramme');
    await waitForText(frame, '0 af 14 timer');
    const confirmSameDay = () => page.getByRole('button', { name: 'Ja, registrér endnu en træning' }).click();
    for (const [i, expected] of ['1,5 af 14 timer', '3 af 14 timer', '4,5 af 14 timer'].entries()) {
      // At most three actions: the outcome (held is preselected), then the button; all on one day, so
      // each after the first asks for confirmation.
      await page.getByRole('button', { name: 'Registrér træning' }).click();
      if (i > 0) await confirmSameDay();
      await waitForText(frame, expected);
    }
    await page.getByLabel('Udeblevet').check();
    await page.getByRole('button', { name: 'Registrér træning' }).click();
    await confirmSameDay();
    await waitForText(page.getByTestId('fremmoede'), 'udeblevet 1');
    await waitForText(page.getByTestId('fremmoede'), 'Gennemført 3');
    // Registered in error: the latest (the no-show) is preselected, then the latest held session.
    const annul = async (begrundelse: string) => {
      await page.getByLabel('Begrundelse for annulleringen').fill(begrundelse);
      await page.getByRole('button', { name: 'Annullér træningen' }).click();
    };
    await annul('Borgeren mødte op; registreret på den forkerte');
    await waitForText(page.getByTestId('fremmoede'), 'udeblevet 0');
    await annul('Registreret to gange');
    await waitForText(frame, '3 af 14 timer');
    await waitForText(page.getByTestId('fremmoede'), 'Gennemført 2');
    await openTab('Tidslinje');
    // Nothing is deleted: the four sessions stay, and the two annulments follow them.
    await expect.poll(async () => page.locator('[data-testid="tidslinje"] li[data-type="SessionRecorded"]').count(), { timeout: 20_000 }).toBe(4);
    await expect.poll(async () => page.locator('[data-testid="tidslinje"] li[data-type="SessionAnnulled"]').count(), { timeout: 20_000 }).toBe(2);
    await waitForText(page.getByTestId('tidslinje'), 'Registreret to gange');
    await waitForText(page.getByTestId('tidslinje'), 'Udeblevet');
    await check('forloeb-terapeut');
  });

  it('a visitator records a Varde grant dated last week and the start deadline counts from that date; a terapeut requests a tillægsbevilling, a visitator finds it under Forlængelser with its decision date, approves it with a reason, and the terapeut sees the larger frame', async () => {
    await signIn(page, stack.url, 'visitator-Varde');
    await check('opgaver-visitator');
    await page.getByRole('link', { name: 'Nyt forløb' }).click();
    await page.getByLabel('CPR-nummer').fill('020285-4321');
    await page.getByLabel('Borgerens navn').fill('Bent Ølgaard');
    await page.getByLabel('Modtaget', { exact: true }).fill(copenhagenDay(-10));
    await page.getByLabel('Indsats der søges om (valgfri)').selectOption('genoptraeningsforloeb');
    await page.getByRole('button', { name: 'Opret forløb' }).click();
    await page.waitForURL(/#\/forloeb\/forloeb-/);
    vardeId = detailId();
    // The grant was made last week and is entered today: the start deadline (10 arbejdsdage) counts from its date.
    const lastWeek = copenhagenDay(-7);
    const varde = findRegelsaet('varde-sel86-1')!;
    const startDue = addPeriod(lastWeek, varde.deadlines.find((d) => d.type === 'opstart')!.period, varde.closedDays);
    await page.getByLabel('Afgørelsesdato (dagen afgørelsen blev truffet)').fill(lastWeek);
    await page.getByRole('button', { name: 'Registrér visitation' }).click();
    await waitForText(page.locator('.step-indicator li.current'), 'Opstart');
    const danish = (iso: string) => iso.split('-').reverse().join('.');
    await waitForText(page.locator('tr[data-frist="opstart"]'), new RegExp(`${danish(lastWeek)}.*${danish(startDue)}`));
    await page.getByLabel('Terapeut', { exact: true }).fill('Tobias Terapeut (Varde)');
    await page.getByLabel('Enhed', { exact: true }).fill('Træningsenheden Varde');
    await page.getByRole('button', { name: 'Tildel', exact: true }).click();
    await waitForText(page.locator('main'), 'Terapeuten er tildelt');

    await signIn(page, stack.url, 'terapeut-Varde');
    await page.goto(`${stack.url}/#/forloeb/${vardeId}`);
    await page.getByRole('button', { name: 'Book opstart' }).click();
    await waitForText(page.locator('main'), 'Opstarten er booket');
    await page.getByRole('button', { name: 'Registrér opstart' }).click();
    await waitForText(page.locator('.step-indicator li.current'), 'Træning');
    await waitForText(page.getByTestId('ramme'), '0 af 20 sessioner');
    await page.getByLabel('Type').selectOption('tillaegsbevilling_lille');
    await page.getByLabel(/^Antal/).fill('4');
    await page.getByLabel('Begrundelse', { exact: true }).fill('Borgeren har fortsat udviklingspotentiale.');
    await page.getByRole('button', { name: 'Send anmodning' }).click();
    await waitForText(page.locator('main'), 'Anmodningen om forlængelse er sendt');

    await signIn(page, stack.url, 'visitator-Varde');
    await page.getByRole('link', { name: 'Forlængelser' }).click();
    await expect.poll(() => page.title()).toMatch(/^Forlængelser, der afventer afgørelse/);
    const row = page.locator(`tr[data-forloeb="${vardeId}"] a`);
    await row.waitFor({ timeout: 20_000 });
    // The request waits for a decision due 5 hverdage from today (Varde names no limit: the default).
    const due = addPeriod(copenhagenDay(0), { amount: 5, unit: 'hverdage' }, findRegelsaet('varde-sel86-1')!.closedDays).split('-').reverse().join('.');
    await expect(page.getByRole('columnheader', { name: 'Afgørelse senest' }).count()).resolves.toBe(1);
    await waitForText(page.locator(`tr[data-forloeb="${vardeId}"] [data-testid="frist-dato"]`), due);
    await check('forlaengelser-visitator');
    await row.click();
    await page.getByLabel('Begrundelse', { exact: true }).fill('Godkendt: målene kan nås med fire træninger mere.');
    await check('forloeb-visitator');
    await page.getByRole('button', { name: 'Registrér afgørelse' }).click();
    await waitForText(page.locator('main'), 'Forlængelsen er godkendt');
    // Decided: the forløb leaves the visitator's Forlængelser once the read model has the decision.
    await page.getByRole('link', { name: 'Forlængelser' }).click();
    await expect
      .poll(
        async () => {
          await page.getByTestId('forloebsliste').or(page.getByText('Ingen forløb passer til filtrene.')).first().waitFor();
          const shown = await page.locator(`tr[data-forloeb="${vardeId}"]`).count();
          if (shown > 0) await page.reload();
          return shown;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(0);

    await signIn(page, stack.url, 'terapeut-Varde');
    await page.goto(`${stack.url}/#/forloeb/${vardeId}`);
    await waitForText(page.getByTestId('ramme'), '0 af 24 sessioner');
  });

  it('leder: the report shows the share met, and the CSV download holds the same figures', async () => {
    await signIn(page, stack.url, 'leder-Sønderborg');
    await page.getByRole('link', { name: 'Rapporter' }).click();
    await page.getByRole('combobox', { name: 'Regelsæt' }).selectOption('sonderborg-sul140');
    // The opstart deadline (discharge + 7 days) fell due tomorrow.
    await page.getByLabel('Periode').selectOption('maaned');
    await page.getByLabel('Måned').fill(copenhagenDay(1).slice(0, 7));
    const opstart = page.locator('[data-testid="rapport"] tr[data-fristtype="opstart"]');
    await opstart.waitFor({ timeout: 20_000 });
    await waitForText(opstart.locator('[data-kolonne="andelITide"]'), '100 %');
    await check('rapporter-leder');
    const rows = await page.locator('[data-testid="rapport"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cell = (k: string) => (tr as unknown as { querySelector: (s: string) => { textContent: string } | null }).querySelector(`[data-kolonne="${k}"]`)?.textContent ?? '';
        return { fristtype: (tr as unknown as { dataset: Record<string, string> }).dataset.fristtype!, antal: cell('antal'), overholdt: cell('overholdtITide'), andel: cell('andelITide') };
      }),
    );
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name: 'Hent som CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    // A byte-order mark, so that Excel reads the Danish letters.
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('Frist;Forfaldne;Overholdt i tide;Andel i tide;Median dage');
    const fromCsv = lines.slice(1).map((l) => l.split(';'));
    expect(fromCsv.map((c) => c[0])).toEqual(rows.map((r) => FRIST_NAVN[r.fristtype as keyof typeof FRIST_NAVN]));
    for (const r of rows) {
      const c = fromCsv.find((x) => x[0] === FRIST_NAVN[r.fristtype as keyof typeof FRIST_NAVN])!;
      expect(c[1]).toBe(r.antal);
      expect(c[2]).toBe(r.overholdt);
      const share = c[3] === '' ? null : Number(c[3]!.replace(',', '.'));
      expect(r.andel).toBe(share === null ? '–' : `${new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 }).format(share * 100)} %`);
    }
    expect(fromCsv.find((c) => c[0] === 'Opstart')?.slice(1, 4)).toEqual(['1', '1', '1']);
    await page.getByRole('link', { name: 'Overskredne frister' }).click();
    await page.getByRole('heading', { name: 'Forløb med overskredne frister' }).waitFor();
    await check('overskredne-leder');
    // In a forløb in training a leder may reassign it, and nothing else.
    await page.goto(`${stack.url}/#/forloeb/${sul140Id}`);
    await waitForText(page.locator('.step-indicator li.current'), 'Træning');
    await expect.poll(() => page.locator('form.handling h3').allTextContents()).toEqual(['Tildel terapeut']);
  });

  it('a user of another kommune cannot open the forløb by its address', async () => {
    await signIn(page, stack.url, 'koordinator-Varde');
    await page.goto(`${stack.url}/#/forloeb/${sul140Id}`);
    await waitForText(page.getByRole('alert'), 'Forløbet findes ikke, eller du har ikke adgang til det.');
    expect(await page.locator('[data-testid="ramme"]').count()).toBe(0);
    await check('anden-kommune');
  });

  it('axe-core finds no serious or critical violation on any screen', () => {
    expect(Object.keys(axeFindings).length).toBeGreaterThanOrEqual(10);
    expect(axeFindings).toEqual(Object.fromEntries(Object.keys(axeFindings).map((k) => [k, []])));
  });
});
