// For the browser tests: the real stack through `npm start` (temporary DATA_DIR, own ports, the
// development sign-in), Debian's Chromium through playwright-core, sign-in through the UI, axe-core
// and screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../config/env';
import { descendantsOf, isAlive } from '../support/processes';
// @ts-expect-error: a plain ES module without type declarations
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
];

export type Ports = { api: number; temporal: number; ui: number; pg: number };
export type Stack = { url: string; stop: () => Promise<number[]>; output: () => string };

/** `npm start` from a clean data folder; resolves when it prints that it is ready. */
export async function startStack(ports: Ports, extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'forloeb-browser-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    API_PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    EMBEDDED_PG_PORT: String(ports.pg),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // The stack's own PostgreSQL, Temporal and sign-in, unless the caller names them.
  for (const name of Object.keys(env)) {
    if ((name === 'DATABASE_URL' || name === 'TEMPORAL_ADDRESS' || name.startsWith('AUTH_') || name.startsWith('OIDC_')) && !(name in extraEnv)) delete env[name];
  }
  const proc: ChildProcess = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in time:\n${out}`)), 150_000);
    const check = setInterval(() => {
      if (out.includes('[start] ready')) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    proc.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
  const stop = async () => {
    const tree = descendantsOf(proc.pid!);
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      await exited;
    }
    for (let i = 0; i < 50 && tree.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
    rmSync(dataDir, { recursive: true, force: true });
    return tree.filter(isAlive);
  };
  return { url: `http://127.0.0.1:${ports.api}`, stop, output: () => out };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureChromium() as string;
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
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

export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'docs', 'screenshots');

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
