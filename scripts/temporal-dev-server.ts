// The flags every Temporal dev server of this project starts with (`npm start`, the chaos and load
// runs, the workflow benchmark): its SQLite file with WAL, and the server settings the deployment
// sets in deploy/temporal/dynamicconfig.yaml.

/**
 * Server settings (dynamic configuration) the forløb system needs from its Temporal server, with
 * the same values as deploy/temporal/dynamicconfig.yaml (a unit test keeps the two equal).
 *
 * history.workflowTaskRetryMaxInterval: Temporal lengthens a workflow task's start-to-close timeout
 * after its third attempt in a row, doubling up to this cap (default 10 minutes). A worker that
 * crashes while it holds a forløb's task costs that forløb the task's timeout, and every crash in a
 * row lengthens the next one: with the default, a forløb whose tasks were caught by a few crashes in
 * a row answered nothing (503) for minutes. A forløb's task takes milliseconds, so a short cap
 * costs little even for a task that keeps failing, and bounds the wait after crashes.
 *
 * system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute: after this many failed or
 * timed-out attempts of a workflow task in a row the server sets the search attribute
 * TemporalReportedProblems on the execution; the watchdog (workflows/watchdog.workflow.ts) lists
 * the forløb to examine by it. Three, as the retry backoff starts after the third attempt.
 */
export const DYNAMIC_CONFIG = {
  'limit.maxIDLength': 255,
  'history.workflowTaskRetryMaxInterval': '10s',
  'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute': 3,
} as const;

export type DevServerOptions = {
  dbFile: string;
  port: number;
  httpPort: number;
  metricsPort: number;
  /** The web UI's port; without it the server runs headless. */
  uiPort?: number;
  /**
   * The codec server the web UI decodes payloads with (the API's /api/codec), so the operations role
   * reads them there instead of ciphertext. Only with a web UI.
   */
  codecEndpoint?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
};

/** Arguments for `temporal` (the CLI) that start the dev server. */
export function devServerArgs(o: DevServerOptions): string[] {
  return [
    'server', 'start-dev',
    '--db-filename', o.dbFile,
    '--ip', '127.0.0.1',
    '--port', String(o.port),
    '--http-port', String(o.httpPort),
    '--metrics-port', String(o.metricsPort),
    ...(o.uiPort === undefined ? ['--headless'] : ['--ui-port', String(o.uiPort), '--ui-disable-news-fetch']),
    ...(o.uiPort !== undefined && o.codecEndpoint ? ['--ui-codec-endpoint', o.codecEndpoint] : []),
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=NORMAL',
    '--log-level', o.logLevel ?? 'warn',
    ...Object.entries(DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
}
