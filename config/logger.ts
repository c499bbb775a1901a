// Structured logs (pino). Never log a CPR number or a name: log forløb ids.
import { pino, type Logger } from 'pino';

export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, redact: { paths: ['*.cpr', '*.*.cpr', 'cpr'], censor: '[skjult]' } });
}
