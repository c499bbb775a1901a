// CODEC_CORS_ORIGIN: the Temporal web UI's origin the codec server answers, from the environment.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env';

describe('CODEC_CORS_ORIGIN', () => {
  it("defaults to the dev server's web UI, on TEMPORAL_UI_PORT", () => {
    expect(loadConfig({}).codecCorsOrigin).toBe('http://127.0.0.1:8233');
    expect(loadConfig({ TEMPORAL_UI_PORT: '9233' }).codecCorsOrigin).toBe('http://127.0.0.1:9233');
  });

  it('takes an origin, with or without a trailing slash, as the browser sends it', () => {
    expect(loadConfig({ CODEC_CORS_ORIGIN: 'https://temporal.kommune.dk' }).codecCorsOrigin).toBe('https://temporal.kommune.dk');
    expect(loadConfig({ CODEC_CORS_ORIGIN: 'https://temporal.kommune.dk:8443/' }).codecCorsOrigin).toBe('https://temporal.kommune.dk:8443');
  });

  it.each(['https://temporal.kommune.dk/ui', 'ftp://temporal.kommune.dk', 'temporal.kommune.dk', '*'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ CODEC_CORS_ORIGIN: value })).toThrow(/CODEC_CORS_ORIGIN/);
  });
});
