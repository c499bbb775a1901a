// Nyt forløb: a genoptræningsplan (§140), an application (§86) or a referral, validated in the browser
// with the same zod schemas the API uses (from the API's contract, api/contract); the API's field errors are shown
// beside the fields too. The CPR number goes only into the request body, never into the address.
// The borger's name is asked for here: the schema lets it be absent (forløb from before names were
// kept, or from a plan without one), but a forløb created from this form always has one.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { Ansoegning, Genoptraeningsplan, Henvisning } from '../../../api/contract';
import { ApiError, getOwnRegelsaet, post } from '../api';
import { Alert, Field, PageHeading, usePageTitle, type Errors } from '../components';
import { idag } from '../format';
import { navigate } from '../router';
import type { Identity } from '../session';
import type { Regelsaet, RegelsaetSummary } from '../types';

const TRIGGER_NAVN: Record<RegelsaetSummary['trigger'], string> = {
  genoptraeningsplan: 'Genoptræningsplan fra sygehuset (§140)',
  ansoegning: 'Ansøgning til visitationen (§86)',
  henvisning: 'Henvisning til træningsenheden (§86)',
};

const HENVISER: Record<string, string> = { borger: 'Borgeren selv', paaroerende: 'Pårørende', fagperson: 'Fagperson', laege: 'Læge' };

type Values = Record<string, string>;

/** Keyboard and screen reader users land on the first field to correct. */
const focusFirstError = () => window.requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

/** zod issues as one message per field (the first), keyed by the field's name. */
function issuesToErrors(error: z.ZodError): Errors {
  const errors: Errors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'kilde');
    errors[field] ??= issue.message;
  }
  return errors;
}

export function NytForloeb({ identity }: { identity: Identity }) {
  usePageTitle('Nyt forløb');
  const [regelsaet, setRegelsaet] = useState<Regelsaet[] | null>(null);
  const [regelsaetId, setRegelsaetId] = useState('');
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      const own = await getOwnRegelsaet(identity.kommune);
      const mine = own.filter((r) => r.roles.visitation === identity.rolle);
      setRegelsaet(mine);
      setRegelsaetId(mine[0]?.id ?? '');
    })().catch((err: Error) => setFailure(err.message));
  }, [identity.kommune, identity.rolle]);

  const valgt = useMemo(() => regelsaet?.find((r) => r.id === regelsaetId), [regelsaet, regelsaetId]);
  const trigger = valgt?.trigger;
  const set = (name: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value }));
  const val = (name: string) => values[name] ?? '';
  const opt = (name: string) => (values[name] ? { [name]: values[name] } : {});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!valgt) return;
    setFailure(null);
    const input =
      trigger === 'genoptraeningsplan'
        ? { kind: 'genoptraeningsplan', cpr: val('cpr'), navn: val('navn'), udskrivningsdato: val('udskrivningsdato'), kategori: val('kategori'), niveau: val('niveau') || undefined, ...opt('planOpstartsdato'), ...opt('modtaget') }
        : trigger === 'ansoegning'
          ? { kind: 'ansoegning', cpr: val('cpr'), navn: val('navn'), modtaget: val('modtaget'), ...opt('indsatsId'), ...opt('beskrivelse') }
          : { kind: 'henvisning', cpr: val('cpr'), navn: val('navn'), modtaget: val('modtaget'), henviser: val('henviser') || undefined, ...opt('beskrivelse') };
    const schema = trigger === 'genoptraeningsplan' ? Genoptraeningsplan : trigger === 'ansoegning' ? Ansoegning : Henvisning;
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error));
      setFailure('Formularen indeholder fejl. Ret felterne markeret med fejl.');
      focusFirstError();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const { id } = await post<{ id: string }>('/api/forloeb', { regelsaetId: valgt.id, kilde: parsed.data });
      setValues({});
      navigate(`/forloeb/${id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        const fromApi: Errors = {};
        for (const f of err.felter) fromApi[f.felt.replace(/^kilde\./, '')] ??= f.besked;
        setErrors(fromApi);
        setFailure(err.message);
        focusFirstError();
      } else setFailure(String(err));
    } finally {
      setBusy(false);
    }
  };

  if (regelsaet && regelsaet.length === 0) {
    return (
      <>
        <PageHeading>Nyt forløb</PageHeading>
        <Alert kind="info">I {identity.kommune} Kommune opretter din rolle ikke forløb.</Alert>
      </>
    );
  }

  const kategorier = valgt?.indsatser.flatMap((i) => i.categories) ?? [];
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <PageHeading>Nyt forløb</PageHeading>
        {failure && <Alert kind="error" heading="Forløbet blev ikke oprettet">{failure}</Alert>}
        {valgt && (
          <form onSubmit={(e) => void submit(e)} noValidate aria-label={TRIGGER_NAVN[valgt.trigger]}>
            <Field label="Regelsæt" name="regelsaetId" errors={errors}>
              {(p) => (
                <select {...p} className="form-select" value={regelsaetId} onChange={(e) => { setRegelsaetId(e.target.value); setErrors({}); }}>
                  {regelsaet!.map((r) => (
                    <option key={r.id} value={r.id}>{r.name}</option>
                  ))}
                </select>
              )}
            </Field>
            <h2 className="h3">{TRIGGER_NAVN[valgt.trigger]}</h2>
            <Field label="CPR-nummer" name="cpr" errors={errors} hint="10 cifre, fx 010190-1234">
              {(p) => <input {...p} className="form-input input-width-s" type="text" inputMode="numeric" autoComplete="off" spellCheck={false} value={val('cpr')} onChange={set('cpr')} />}
            </Field>
            <Field label="Borgerens navn" name="navn" errors={errors} hint="Fornavn og efternavn, som i CPR-registret">
              {(p) => <input {...p} className="form-input input-width-l" type="text" autoComplete="off" spellCheck={false} value={val('navn')} onChange={set('navn')} />}
            </Field>
            {trigger === 'genoptraeningsplan' && (
              <>
                <Field label="Udskrivningsdato" name="udskrivningsdato" errors={errors}>
                  {(p) => <input {...p} className="form-input input-width-s" type="date" value={val('udskrivningsdato')} onChange={set('udskrivningsdato')} />}
                </Field>
                <Field label="Kategori" name="kategori" errors={errors}>
                  {(p) => (
                    <select {...p} className="form-select" value={val('kategori')} onChange={set('kategori')}>
                      <option value="">Vælg kategori</option>
                      {kategorier.map((k) => (
                        <option key={k.id} value={k.id}>{k.name}</option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Niveau" name="niveau" errors={errors}>
                  {(p) => (
                    <select {...p} className="form-select" value={val('niveau')} onChange={set('niveau')}>
                      <option value="">Vælg niveau</option>
                      <option value="basal">Basal</option>
                      <option value="avanceret">Avanceret</option>
                    </select>
                  )}
                </Field>
                <Field label="Ønsket opstartsdato i planen (valgfri)" name="planOpstartsdato" errors={errors}>
                  {(p) => <input {...p} className="form-input input-width-s" type="date" value={val('planOpstartsdato')} onChange={set('planOpstartsdato')} />}
                </Field>
                <Field label="Modtaget (valgfri, ellers i dag)" name="modtaget" errors={errors}>
                  {(p) => <input {...p} className="form-input input-width-s" type="date" max={idag()} value={val('modtaget')} onChange={set('modtaget')} />}
                </Field>
              </>
            )}
            {trigger !== 'genoptraeningsplan' && (
              <>
                <Field label="Modtaget" name="modtaget" errors={errors}>
                  {(p) => <input {...p} className="form-input input-width-s" type="date" value={val('modtaget')} onChange={set('modtaget')} />}
                </Field>
                {trigger === 'ansoegning' && (
                  <Field label="Indsats der søges om (valgfri)" name="indsatsId" errors={errors}>
                    {(p) => (
                      <select {...p} className="form-select" value={val('indsatsId')} onChange={set('indsatsId')}>
                        <option value="">Ikke angivet</option>
                        {valgt.indsatser.map((i) => (
                          <option key={i.id} value={i.id}>{i.name}</option>
                        ))}
                      </select>
                    )}
                  </Field>
                )}
                {trigger === 'henvisning' && (
                  <Field label="Henvist af" name="henviser" errors={errors}>
                    {(p) => (
                      <select {...p} className="form-select" value={val('henviser')} onChange={set('henviser')}>
                        <option value="">Vælg</option>
                        {Object.entries(HENVISER).map(([k, v]) => (
                          <option key={k} value={k}>{v}</option>
                        ))}
                      </select>
                    )}
                  </Field>
                )}
                <Field label="Beskrivelse (valgfri)" name="beskrivelse" errors={errors}>
                  {(p) => <textarea {...p} className="form-input" rows={4} value={val('beskrivelse')} onChange={set('beskrivelse')} />}
                </Field>
              </>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              Opret forløb
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
