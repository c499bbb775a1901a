// For the browser tests: the real stack through `npm start` (tests/support/stack.ts, in a temporary
// DATA_DIR), Debian's Chromium through playwright-core, sign-in through the UI, axe-core
// and screenshots.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/env';
import { startStack as startNpmStart, stopStack, type StackPorts } from '../support/stack';
// @ts-expect-error: a plain ES module without type declarations
import { chromiumPath } from '../../scripts/setup-browser.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
];

export type Stack = { url: string; stop: () => Promise<number[]>; output: () => string };

/** `npm start` from a clean data folder; `stop()` answers the processes of the stack still alive after it. */
export async function startStack(ports: StackPorts, extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forloeb-browser-'));
  const stack = await startNpmStart(dataDir, ports, extraEnv).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    const { leftovers } = await stopStack(stack);
    rmSync(dataDir, { recursive: true, force: true });
    return leftovers;
  };
  return { url: stack.api, stop, output: stack.output };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath() as string;
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export type BrowserSession = { stack: Stack; browser: Browser; context: BrowserContext; page: Page };

/**
 * One test file's stack and a page on it as a Danish desktop user sees it. Each step fails with the
 * locator it waited for after 20 s, well before a test's own time limit.
 */
export async function openBrowserSession(ports: StackPorts, contextOptions: BrowserContextOptions = {}): Promise<BrowserSession> {
  const stack = await startStack(ports);
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { stack, browser, context, page };
}

/** Closes what openBrowserSession opened (what of it was opened) and answers the stack's processes left running. */
export async function closeBrowserSession(session: Partial<BrowserSession>): Promise<number[]> {
  await session.context?.close();
  await session.browser?.close();
  return session.stack ? session.stack.stop() : [];
}

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: string[] };

/** axe-core's WCAG 2.1 A/AA rules on the page as it is; only serious and critical findings are returned. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))
  `)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Where the tests put their screenshots: test-results/screenshots (git-ignored), or SCREENSHOT_DIR.
 * `npm run screenshots` sets it to docs/screenshots, the documented ones.
 */
export const SCREENSHOT_DIR = resolve(PROJECT_ROOT, process.env.SCREENSHOT_DIR || join('test-results', 'screenshots'));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Signs in through the sign-in screen as one of the development users (ui/src/session.ts). */
export async function signIn(page: Page, baseUrl: string, userId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/`);
  const signOut = page.getByRole('button', { name: 'Log af' });
  if (await signOut.isVisible().catch(() => false)) await signOut.click();
  await page.getByLabel('Bruger').selectOption(userId);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByRole('button', { name: 'Log af' }).waitFor();
}

/** Today and other days in Copenhagen as YYYY-MM-DD. */
export function copenhagenDay(offsetDays = 0): string {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(now);
}
