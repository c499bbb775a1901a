// The Breve section's words for a letter's delivery status.
import { describe, expect, it } from 'vitest';
import { leveringsstatus } from '../../ui/src/screens/forloeb/breve-status';

const base = { status: 'venter' as const, sendt: null, forsoeg: 0, sidsteFejl: null, naesteForsoeg: null, dannet: false };

describe('leveringsstatus', () => {
  it('says when a letter was sent, in Copenhagen time', () => {
    expect(leveringsstatus({ ...base, status: 'sendt', sendt: '2031-03-04T09:01:00.000Z', forsoeg: 1, dannet: true })).toBe('Sendt 04.03.2031, 10.01');
  });
  it('tells a letter waiting to be made from one made and waiting to be sent', () => {
    expect(leveringsstatus(base)).toBe('Venter på at blive dannet og sendt');
    expect(leveringsstatus({ ...base, dannet: true })).toBe('Dannet, venter på afsendelse');
  });
  it('counts failed attempts and says when the next one is', () => {
    expect(leveringsstatus({ ...base, forsoeg: 2, dannet: true, sidsteFejl: 'digital-post: nede', naesteForsoeg: '2031-03-04T09:02:00.000Z' })).toBe(
      'Ikke sendt (2 forsøg; prøves igen 04.03.2031, 10.02)',
    );
  });
});
