// `npm start`'s Temporal dev server points its web UI at the API's codec server.
import { describe, expect, it } from 'vitest';
import { CODEC_PATHS } from '../../api/routes/codec';
import { devServerArgs } from '../../scripts/temporal-dev-server';

const base = { dbFile: 'temporal.db', port: 7233, httpPort: 7243, metricsPort: 7253 };
const flagValue = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe('the dev server flags', () => {
  it('give the web UI the codec endpoint, under which the codec routes lie', () => {
    const endpoint = 'http://127.0.0.1:3000/api/codec';
    const args = devServerArgs({ ...base, uiPort: 8233, codecEndpoint: endpoint });
    expect(flagValue(args, '--ui-codec-endpoint')).toBe(endpoint);
    // The UI appends /decode and /encode to the endpoint.
    expect(new URL(CODEC_PATHS.decode, endpoint).href).toBe(`${endpoint}/decode`);
    expect(new URL(CODEC_PATHS.encode, endpoint).href).toBe(`${endpoint}/encode`);
  });

  it('leave it out when the server runs headless or no endpoint is given', () => {
    expect(devServerArgs({ ...base, codecEndpoint: 'http://127.0.0.1:3000/api/codec' })).not.toContain('--ui-codec-endpoint');
    expect(devServerArgs({ ...base, uiPort: 8233 })).not.toContain('--ui-codec-endpoint');
  });
});
