// A full Varde §86.1 forløb through HTTP only, on the real stack: application, visitation, start,
// 20 sessions (one sent twice with the same Idempotency-Key), a tillægsbevilling requested by the
// therapist and approved by the visitator, afslutning and closing.
import { describe, expect, it } from 'vitest';
import { copenhagenDateOf } from '../../domain/calendar';
import { signIn, useStack } from '../support/stack';

const stackOf = useStack('varde', { api: 13200, temporal: 17400, ui: 18400, pg: 15599 });

type Detail = {
  fase: string;
  status: string;
  ramme: { enhed: string; bevilget: number; brugt: number };
  fremmoede: { gennemfoert: number };
  forlaengelser: { id: number; type: string; afgoerelse?: string }[];
  afslutning?: { aarsag: string };
};

describe('Varde §86.1 over HTTP', () => {
  it('runs from application to closing with a tillægsbevilling, and a retried session is recorded once', async () => {
    const today = copenhagenDateOf(new Date());
    const visitator = await signIn(stackOf().api, { rolle: 'visitator', kommune: 'Varde' });
    const terapeut = await signIn(stackOf().api, { rolle: 'terapeut', kommune: 'Varde', enhed: 'Træning og Rehabilitering' });

    const created = await visitator<{ id: string }>('POST', '/api/forloeb', { regelsaetId: 'varde-sel86-1', kilde: { kind: 'ansoegning', cpr: '010190-1234', modtaget: today } });
    expect(created.status).toBe(201);
    const base = `/api/forloeb/${created.body.id}`;

    expect((await visitator('POST', `${base}/visitation`, { afgoerelse: 'bevilget', indsatsId: 'genoptraeningsforloeb' })).status).toBe(200);
    expect((await visitator('POST', `${base}/terapeut`, { terapeut: 'terapeut-1', enhed: 'Træning og Rehabilitering' })).status).toBe(200);
    expect((await terapeut('POST', `${base}/opstart`, { startdato: today })).status).toBe(200);
    expect((await terapeut('POST', `${base}/opstart/afholdt`, { dato: today })).status).toBe(200);

    // The first session is sent twice with one Idempotency-Key, as a client would after a lost answer.
    // All on one day, so each after the first is confirmed (bekraeftet), as a second session on a day must be.
    const session = { dato: today, udfald: 'gennemfoert', varighedMinutter: 60, bekraeftet: true };
    const first = await terapeut('POST', `${base}/sessioner`, session, { 'idempotency-key': 'session-1' });
    const retry = await terapeut('POST', `${base}/sessioner`, session, { 'idempotency-key': 'session-1' });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replay')).toBe('true');
    for (let i = 2; i <= 20; i++) {
      expect((await terapeut('POST', `${base}/sessioner`, session, { 'idempotency-key': `session-${i}` })).status).toBe(200);
    }
    let detail = await terapeut<Detail>('GET', base);
    expect(detail.body.fremmoede.gennemfoert).toBe(20);
    expect(detail.body.ramme).toMatchObject({ enhed: 'sessioner', bevilget: 20, brugt: 20 });

    // The frame is used: the 21st is refused with the rule's reason.
    const beyond = await terapeut<{ fejl: string }>('POST', `${base}/sessioner`, session);
    expect(beyond.status).toBe(409);
    expect(beyond.body.fejl).toMatch(/rammen er brugt/);

    // The therapist applies for a lille tillægsbevilling; the therapist may not approve it; the visitator does.
    const applied = await terapeut('POST', `${base}/forlaengelse`, { type: 'tillaegsbevilling_lille', antal: 6, begrundelse: 'Fortsat udviklingspotentiale' });
    expect(applied.status).toBe(200);
    const selfApproved = await terapeut<{ fejl: string }>('POST', `${base}/forlaengelse/1/afgoerelse`, { afgoerelse: 'godkendt', begrundelse: 'x' });
    expect(selfApproved.status).toBe(403);
    const approved = await visitator('POST', `${base}/forlaengelse/1/afgoerelse`, { afgoerelse: 'godkendt', begrundelse: 'Målene kan nås med 6 gange mere' });
    expect(approved.status).toBe(200);
    detail = await terapeut<Detail>('GET', base);
    expect(detail.body.ramme.bevilget).toBe(26);
    expect(detail.body.forlaengelser).toMatchObject([{ id: 1, type: 'tillaegsbevilling_lille', afgoerelse: 'godkendt' }]);
    expect((await terapeut('POST', `${base}/sessioner`, session)).status).toBe(200);

    expect((await terapeut('POST', `${base}/afslutning`, { aarsag: 'maal_naaet', dato: today })).status).toBe(200);
    expect((await terapeut('POST', `${base}/lukning`, {})).status).toBe(200);
    detail = await visitator<Detail>('GET', base);
    expect(detail.body).toMatchObject({ fase: 'afslutning', status: 'lukket', afslutning: { aarsag: 'maal_naaet' }, fremmoede: { gennemfoert: 21 } });
    // Closed is closed.
    expect((await terapeut('POST', `${base}/status`, { notat: 'for sent' })).status).toBe(409);
  }, 120_000);
});
