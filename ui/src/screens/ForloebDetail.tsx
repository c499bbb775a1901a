// One forløb: the phases as a step indicator, the deadlines with due date, unit and status, the frame
// as a bar, the timeline, and the actions the signed-in role may take now (and only those). A refused
// command's reason (403/409) is shown in an alert.
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, getRegelsaet, post, postRead } from '../api';
import { Alert, FrameBar, PageHeading, StepIndicator, Tabs, usePageTitle } from '../components';
import {
  AARSAG_NAVN,
  dato,
  ENHED_NAVN,
  FASE_NAVN,
  FORLAENGELSE_NAVN,
  FRIST_NAVN,
  FRIST_STATUS_NAVN,
  HAENDELSE_NAVN,
  idag,
  navn,
  tal,
  tidspunkt,
  UDFALD_NAVN,
} from '../format';
import { ROLLE_NAVN, type Identity, type Rolle } from '../session';
import type { ForloebDetail, Frist, Haendelse, Regelsaet, Tidslinje } from '../types';
import { Breve } from './forloeb/Breve';

type Action = 'visitation' | 'terapeut' | 'kontakt' | 'opstart' | 'afholdt' | 'session' | 'status' | 'forlaengelse' | 'afgoerelse' | 'afslutning' | 'lukning' | 'annullering';

/** What the role may do now, from the phase, the role and the regelsæt's roles (the API decides in the end). */
export function allowedActions(f: ForloebDetail, r: Regelsaet, rolle: Rolle): Action[] {
  if (f.status !== 'aaben') return [];
  const { roles, extension } = r;
  const fase = f.fase;
  const pending = f.forlaengelser.some((x) => !x.afgoerelse);
  const out: Action[] = [];
  if (fase === 'visitering' && (roles.visitation === rolle || r.indsatser.some((i) => i.visitation === rolle))) out.push('visitation');
  if (['visitering', 'opstart', 'traening', 'status'].includes(fase) && [roles.visitation, roles.startBooking, 'leder'].includes(rolle)) out.push('terapeut');
  if ((fase === 'visitering' || fase === 'opstart') && !f.kontaktdato && roles.startBooking === rolle) out.push('kontakt');
  if (fase === 'opstart' && roles.startBooking === rolle) out.push('opstart');
  if (fase === 'opstart' && f.opstart && (rolle === 'terapeut' || roles.startBooking === rolle)) out.push('afholdt');
  if ((fase === 'traening' || fase === 'status') && rolle === 'terapeut') out.push('session', 'status');
  if ((fase === 'traening' || fase === 'status') && !pending && (extension.requestedBy === rolle || extension.extraWithoutApplication?.by === rolle)) out.push('forlaengelse');
  if (pending && roles.extensionDecision === rolle) out.push('afgoerelse');
  if (['opstart', 'traening', 'status'].includes(fase) && (rolle === 'terapeut' || roles.closing === rolle)) out.push('afslutning');
  if (fase === 'afslutning' && roles.closing === rolle) out.push('lukning');
  // Whoever records sessions may annul one recorded in error.
  if ((fase === 'traening' || fase === 'status') && rolle === 'terapeut' && (f.sessioner ?? []).some((x) => !x.annulleret)) out.push('annullering');
  return out;
}

function statusBadge(status: Frist['status']) {
  const kind = status === 'overholdt' ? 'success' : status === 'overskredet' || status === 'overholdt_for_sent' ? 'error' : status === 'aaben' ? 'info' : 'warning';
  return <span className={`badge badge-${kind}`}>{FRIST_STATUS_NAVN[status]}</span>;
}

function summary(h: Haendelse): string {
  const d = (h.data ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (h.type) {
    case 'SessionRecorded':
      return `${navn(UDFALD_NAVN, s(d.outcome))}, ${dato(s(d.date))}${Number(d.durationMinutes) > 0 ? `, ${d.durationMinutes} min.` : ''}`;
    case 'DeadlineOpened':
    case 'DeadlineMet':
    case 'DeadlineLapsed':
      return navn(FRIST_NAVN, s(d.type) || s(d.deadline));
    case 'ReminderSent':
    case 'DeadlineEscalated':
      return `${navn(FRIST_NAVN, s(d.deadline))}, forfald ${dato(s(d.dueDate))}`;
    case 'VisitationRecorded':
      return s(d.decision) === 'bevilget' ? 'Bevilget' : s(d.decision) === 'afslaaet' ? 'Afslået' : '';
    case 'TherapistAssigned':
      return `${s(d.terapeut)}, ${s(d.enhed)}`;
    case 'StartBooked':
      return dato(s(d.startDate));
    case 'StartHeld':
      return dato(s(d.heldOn));
    case 'ContactRecorded':
      return dato(s(d.contactedOn));
    case 'ExtensionRequested':
      return `${navn(FORLAENGELSE_NAVN, s(d.kind))}: ${tal(Number(d.amount))}`;
    case 'ExtensionDecided':
      return `${s(d.decision) === 'godkendt' ? 'Godkendt' : 'Afvist'}${Number(d.amount) > 0 ? `: ${tal(Number(d.amount))}` : ''}`;
    case 'AfslutningRecorded':
      return navn(AARSAG_NAVN, s(d.reason));
    case 'SessionAnnulled':
      return `Nr. ${Number(d.sessionSeq)} (${navn(UDFALD_NAVN, s(d.outcome)).toLowerCase()}, ${dato(s(d.date))}): ${s(d.reason)}`;
    default:
      return '';
  }
}

export function ForloebDetailScreen({ id, identity }: { id: string; identity: Identity }) {
  usePageTitle('Forløb');
  const [forloeb, setForloeb] = useState<ForloebDetail | null>(null);
  const [regelsaet, setRegelsaet] = useState<Regelsaet | null>(null);
  const [tidslinje, setTidslinje] = useState<Haendelse[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const regelsaetRef = useRef<Regelsaet | null>(null);
  const refreshSoon = useRef<number | undefined>(undefined);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const f = await get<ForloebDetail>(`/api/forloeb/${id}`);
      setForloeb(f);
      setLoadError(null);
      if (regelsaetRef.current?.id !== f.regelsaetId) {
        regelsaetRef.current = await getRegelsaet(f.regelsaetId);
        setRegelsaet(regelsaetRef.current);
      }
    } catch (err) {
      setLoadError(err instanceof ApiError && err.status === 404 ? 'Forløbet findes ikke, eller du har ikke adgang til det.' : (err as Error).message);
    }
    try {
      const t = await get<Tidslinje>(`/api/forloeb/${id}/haendelser?antal=200`);
      setTidslinje(t.elementer);
    } catch {
      // The timeline is read from the read model; it may not hold the forløb yet.
    }
  }, [id]);

  useEffect(() => {
    void load();
    // The timeline is projected shortly after each event; refresh it a few times.
    const timer = window.setInterval(() => void load(), 10_000);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(refreshSoon.current);
    };
  }, [load]);

  const run = async (path: string, body: unknown, done: string, onRefused?: (e: ApiError) => boolean): Promise<boolean> => {
    try {
      await post(`/api/forloeb/${id}${path}`, body);
      setResult({ kind: 'success', text: done });
      await load();
      refreshSoon.current = window.setTimeout(() => void load(), 1500);
      return true;
    } catch (err) {
      const e = err as ApiError;
      if (onRefused?.(e)) {
        setResult(null);
        return false;
      }
      const felter = e.felter?.length ? ` (${e.felter.map((f) => `${f.felt}: ${f.besked}`).join('; ')})` : '';
      setResult({ kind: 'error', text: `${e.message}${felter}` });
      return false;
    }
  };

  if (loadError) {
    return (
      <>
        <PageHeading>Forløb</PageHeading>
        <Alert kind="error" heading="Forløbet kan ikke vises">{loadError}</Alert>
      </>
    );
  }
  if (!forloeb || !regelsaet) return <p aria-live="polite">Henter forløbet …</p>;

  const actions = allowedActions(forloeb, regelsaet, identity.rolle);
  const kilde = forloeb.kilde;
  const lukket = forloeb.status !== 'aaben';
  const rammeEnhed = forloeb.ramme ? navn(ENHED_NAVN, forloeb.ramme.enhed) : '';

  return (
    <>
      <PageHeading>
        Forløb {forloeb.id.slice(8, 16)} <span className="muted">({regelsaet.name})</span>
      </PageHeading>
      <dl className="noegletal">
        <div>
          <dt>Borger</dt>
          <dd data-testid="borger-navn">{forloeb.borger.navn ?? <span className="muted">Navn ikke registreret</span>}</dd>
        </div>
        <div>
          <dt>CPR-nummer</dt>
          <dd>
            <CprNummer id={forloeb.id} masked={forloeb.borger.cprMaskeret} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{forloeb.status === 'aaben' ? `Åben, fase ${FASE_NAVN[forloeb.fase].toLowerCase()}` : forloeb.status === 'afslaaet' ? 'Afslået' : `Lukket ${dato(forloeb.lukket)}`}</dd>
        </div>
        <div>
          <dt>Terapeut</dt>
          <dd>{forloeb.terapeut ? `${forloeb.terapeut.terapeut}, ${forloeb.terapeut.enhed}` : 'Ikke tildelt'}</dd>
        </div>
        {typeof kilde.kategori === 'string' && (
          <div>
            <dt>Kategori</dt>
            <dd>{kilde.kategori}</dd>
          </div>
        )}
        {typeof kilde.udskrivningsdato === 'string' && (
          <div>
            <dt>Udskrevet</dt>
            <dd>{dato(kilde.udskrivningsdato)}</dd>
          </div>
        )}
        {typeof kilde.modtaget === 'string' && (
          <div>
            <dt>Modtaget</dt>
            <dd>{dato(kilde.modtaget)}</dd>
          </div>
        )}
        {forloeb.opstart && (
          <div>
            <dt>Opstart</dt>
            <dd>
              {dato(forloeb.opstart.startdato)}
              {forloeb.opstart.afholdt ? ` (afholdt ${dato(forloeb.opstart.afholdt)})` : ''}
            </dd>
          </div>
        )}
      </dl>
      <StepIndicator fase={forloeb.fase} lukket={lukket} />
      {forloeb.ramme && (
        <section aria-labelledby="ramme-titel" className="sektion">
          <h2 id="ramme-titel" className="h3">Ramme</h2>
          <FrameBar brugt={forloeb.ramme.brugt} bevilget={forloeb.ramme.bevilget} enhed={rammeEnhed} />
          {forloeb.fremmoede && (
            <p className="muted" data-testid="fremmoede">
              Gennemført {forloeb.fremmoede.gennemfoert} · udeblevet {forloeb.fremmoede.udeblevet} · aflyst af borger {forloeb.fremmoede.aflystAfBorger} · aflyst af enheden{' '}
              {forloeb.fremmoede.aflystAfEnheden}
            </p>
          )}
        </section>
      )}
      <section aria-labelledby="handlinger-titel" className="sektion">
        <h2 id="handlinger-titel" className="h3">Handlinger</h2>
        {result && (
          <Alert kind={result.kind} heading={result.kind === 'error' ? 'Handlingen blev afvist' : 'Registreret'}>
            {result.text}
          </Alert>
        )}
        {actions.length === 0 ? (
          <p>Din rolle ({ROLLE_NAVN[identity.rolle].toLowerCase()}) har ingen handlinger i forløbet lige nu.</p>
        ) : (
          <div className="handlinger">
            {actions.map((a) => (
              <ActionForm key={a} action={a} forloeb={forloeb} regelsaet={regelsaet} identity={identity} run={run} />
            ))}
          </div>
        )}
      </section>
      <Tabs
        label="Forløbets detaljer"
        tabs={[
          { id: 'frister', title: 'Frister', content: <FristTabel frister={forloeb.frister} /> },
          { id: 'tidslinje', title: 'Tidslinje', content: <TidslinjeListe haendelser={tidslinje} /> },
          { id: 'breve', title: 'Breve', content: <Breve forloebId={forloeb.id} /> },
          {
            id: 'forlaengelser',
            title: 'Forlængelser',
            content:
              forloeb.forlaengelser.length === 0 ? (
                <p>Ingen anmodninger om forlængelse.</p>
              ) : (
                <table className="table table--compact">
                  <caption className="sr-only">Forlængelser</caption>
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Antal</th>
                      <th scope="col">Anmodet</th>
                      <th scope="col">Afgørelse</th>
                    </tr>
                  </thead>
                  <tbody>
                    {forloeb.forlaengelser.map((x) => (
                      <tr key={x.id}>
                        <td>{navn(FORLAENGELSE_NAVN, x.type)}</td>
                        <td>{tal(x.antal)}</td>
                        <td>{dato(x.anmodet)}</td>
                        <td>{x.afgoerelse ? `${x.afgoerelse === 'godkendt' ? 'Godkendt' : 'Afvist'} ${dato(x.afgjort)}` : 'Afventer'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ),
          },
        ]}
      />
    </>
  );
}

/**
 * The CPR number masked until the user asks for it; the API logs each showing in the access log. The
 * number lives only in this component's state: never in the address, the title, the history or storage,
 * and it is gone when the user hides it or leaves the forløb.
 */
function CprNummer({ id, masked }: { id: string; masked: string }) {
  const [cpr, setCpr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setCpr((await postRead<{ cpr: string }>(`/api/forloeb/${id}/cpr`)).cpr);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span data-testid="cpr" aria-live="polite">
        {cpr ?? (
          <>
            {masked}
            <span className="sr-only"> (de sidste fire cifre skjult)</span>
          </>
        )}
      </span>{' '}
      {cpr ? (
        <button type="button" className="button button-tertiary button-small cpr-knap" onClick={() => setCpr(null)}>
          Skjul CPR-nummer
        </button>
      ) : (
        <button type="button" className="button button-tertiary button-small cpr-knap" onClick={() => void show()} disabled={busy} aria-describedby="cpr-logges">
          Vis CPR-nummer
        </button>
      )}
      <span id="cpr-logges" className="form-hint cpr-hint">
        Visningen registreres i adgangsloggen.
      </span>
      {error && (
        <span className="form-error-message" role="alert">
          CPR-nummeret kunne ikke vises: {error}
        </span>
      )}
    </>
  );
}

function FristTabel({ frister }: { frister: Frist[] }) {
  if (frister.length === 0) return <p>Forløbet har ingen frister.</p>;
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact table--zebra" data-testid="frister">
        <caption className="sr-only">Frister</caption>
        <thead>
          <tr>
            <th scope="col">Frist</th>
            <th scope="col">Regnes fra</th>
            <th scope="col">Længde</th>
            <th scope="col">Forfald</th>
            <th scope="col">Ansvarlig</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {frister.map((f) => (
            <tr key={f.type} data-frist={f.type}>
              <td>{navn(FRIST_NAVN, f.type)}</td>
              <td>{dato(f.ankerdato)}</td>
              <td>
                {f.antal} {navn(ENHED_NAVN, f.enhed)}
              </td>
              <td>{dato(f.forfald)}</td>
              <td>{ROLLE_NAVN[f.ansvarlig as Rolle] ?? f.ansvarlig}</td>
              <td>
                {statusBadge(f.status)}
                {f.overholdt && <span className="muted"> {dato(f.overholdt.dato)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TidslinjeListe({ haendelser }: { haendelser: Haendelse[] }) {
  if (haendelser.length === 0) return <p>Ingen hændelser endnu.</p>;
  return (
    <ol className="tidslinje" data-testid="tidslinje">
      {[...haendelser].reverse().map((h) => (
        <li key={h.seq} data-type={h.type}>
          <span className="tidslinje-tid">{tidspunkt(h.tidspunkt)}</span> <strong>{navn(HAENDELSE_NAVN, h.type)}</strong>
          {summary(h) && <span>: {summary(h)}</span>}
        </li>
      ))}
    </ol>
  );
}

type Run = (path: string, body: unknown, done: string, onRefused?: (e: ApiError) => boolean) => Promise<boolean>;

/** An effective date is sent only when the user changed it: left at today, the API dates it by its own clock. */
const changedDate = (form: FormData, name: string, today: string) => {
  const value = str(form, name);
  return value && value !== today ? { dato: value } : {};
};

function Box({ title, children, onSubmit, submit }: { title: string; children?: ReactNode; onSubmit: (form: FormData) => Promise<void> | void; submit: string }) {
  const [busy, setBusy] = useState(false);
  const handle = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit(new FormData(e.currentTarget));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="handling" onSubmit={(e) => void handle(e)} aria-label={title}>
      <h3 className="h4">{title}</h3>
      {children}
      <button type="submit" className="button button-primary" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}

const str = (form: FormData, k: string) => {
  const v = form.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

function Input({ label, name, type = 'text', defaultValue, required, min, step }: { label: string; name: string; type?: string; defaultValue?: string | number; required?: boolean; min?: number; step?: number }) {
  const id = `felt-${name}`;
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {type === 'textarea' ? (
        <textarea id={id} name={name} className="form-input" rows={3} defaultValue={defaultValue} required={required} />
      ) : (
        <input id={id} name={name} type={type} className="form-input input-width-s" defaultValue={defaultValue} required={required} min={min} step={step} />
      )}
    </div>
  );
}

function Select({ label, name, options, defaultValue }: { label: string; name: string; options: [string, string][]; defaultValue?: string }) {
  const id = `felt-${name}`;
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} name={name} className="form-select" defaultValue={defaultValue ?? options[0]?.[0]}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function Radios({ legend, name, options, defaultValue }: { legend: string; name: string; options: [string, string][]; defaultValue: string }) {
  return (
    <fieldset className="form-group">
      <legend className="form-label">{legend}</legend>
      <div className="radio-raekke">
        {options.map(([v, l]) => (
          <div key={v} className="form-group-radio">
            <input id={`felt-${name}-${v}`} className="form-radio" type="radio" name={name} value={v} defaultChecked={v === defaultValue} />
            <label htmlFor={`felt-${name}-${v}`}>{l}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function ActionForm({ action, forloeb, regelsaet, identity, run }: { action: Action; forloeb: ForloebDetail; regelsaet: Regelsaet; identity: Identity; run: Run }) {
  const today = idag();
  switch (action) {
    case 'visitation': {
      const indsatser = regelsaet.indsatser.filter((i) => (i.visitation ?? regelsaet.roles.visitation) === identity.rolle);
      const frames = indsatser.flatMap((i) => i.frames.map((f) => [i.id, f] as const));
      const multiFrame = frames.length > indsatser.length;
      const isPlan = forloeb.kilde.kind === 'genoptraeningsplan';
      return (
        <Box
          title="Visitation"
          submit="Registrér visitation"
          onSubmit={(form) => {
            const afgoerelse = str(form, 'afgoerelse');
            const begrundelse = str(form, 'begrundelse');
            const indsatsId = str(form, 'indsatsId');
            const rammeAntal = Number(str(form, 'rammeAntal'));
            return run(
              '/visitation',
              {
                afgoerelse,
                ...(indsatsId ? { indsatsId } : {}),
                ...(rammeAntal > 0 ? { rammeAntal } : {}),
                ...(begrundelse ? { begrundelse } : {}),
                ...changedDate(form, 'visitationsdato', today),
              },
              afgoerelse === 'bevilget' ? 'Forløbet er bevilget.' : 'Forløbet er afslået.',
            );
          }}
        >
          <Radios legend="Afgørelse" name="afgoerelse" defaultValue="bevilget" options={[['bevilget', 'Bevilg'], ['afslaaet', 'Afslå']]} />
          {!isPlan && indsatser.length > 0 && (
            <Select label="Indsats" name="indsatsId" defaultValue={typeof forloeb.kilde.indsatsId === 'string' ? forloeb.kilde.indsatsId : undefined} options={indsatser.map((i) => [i.id, i.name])} />
          )}
          {!isPlan && multiFrame && (
            <Select
              label="Ramme"
              name="rammeAntal"
              options={[['', 'Indsatsens standard'], ...frames.map(([, f]) => [String(f.amount), `${tal(f.amount)} ${navn(ENHED_NAVN, f.unit)}`] as [string, string])]}
            />
          )}
          <Input label="Begrundelse (valgfri ved bevilling)" name="begrundelse" type="textarea" />
          <Input label="Afgørelsesdato (dagen afgørelsen blev truffet)" name="visitationsdato" type="date" defaultValue={today} />
        </Box>
      );
    }
    case 'terapeut':
      return (
        <Box
          title="Tildel terapeut"
          submit="Tildel"
          onSubmit={(form) => run('/terapeut', { terapeut: str(form, 'terapeut'), enhed: str(form, 'enhed') }, 'Terapeuten er tildelt.')}
        >
          <Input label="Terapeut" name="terapeut" defaultValue={forloeb.terapeut?.terapeut ?? ''} />
          <Input label="Enhed" name="enhed" defaultValue={forloeb.terapeut?.enhed ?? `Træningsenheden ${forloeb.kommune}`} />
        </Box>
      );
    case 'kontakt':
      return (
        <Box title="Kontakt til borgeren" submit="Registrér kontakt" onSubmit={(form) => run('/kontakt', { dato: str(form, 'kontaktdato') }, 'Kontakten er registreret.')}>
          <Input label="Kontaktet den" name="kontaktdato" type="date" defaultValue={today} />
        </Box>
      );
    case 'opstart':
      return (
        <Box title="Book opstart" submit="Book opstart" onSubmit={(form) => run('/opstart', { startdato: str(form, 'startdato') }, 'Opstarten er booket.')}>
          <Input label="Startdato" name="startdato" type="date" defaultValue={forloeb.opstart?.startdato ?? today} />
        </Box>
      );
    case 'afholdt':
      return (
        <Box title="Opstart afholdt" submit="Registrér opstart" onSubmit={(form) => run('/opstart/afholdt', { dato: str(form, 'afholdtdato') }, 'Opstarten er registreret som afholdt.')}>
          <Input label="Afholdt den" name="afholdtdato" type="date" defaultValue={today} />
        </Box>
      );
    case 'annullering': {
      // The latest first: a mistake is usually noticed soon after.
      const sessions = (forloeb.sessioner ?? []).filter((x) => !x.annulleret).reverse();
      return (
        <Box
          title="Annullér en træning"
          submit="Annullér træningen"
          onSubmit={(form) =>
            run(`/sessioner/${str(form, 'sessionSeq')}/annullering`, { begrundelse: str(form, 'annulleringsbegrundelse') }, 'Træningen er annulleret.')
          }
        >
          {/* Mounted anew when the list changes, so the latest session is the one preselected. */}
          <Select
            key={sessions.map((x) => x.seq).join(',')}
            label="Træning registreret ved en fejl"
            name="sessionSeq"
            options={sessions.map((x) => [String(x.seq), `${dato(x.dato)}: ${navn(UDFALD_NAVN, x.udfald).toLowerCase()} (nr. ${x.seq})`] as [string, string])}
          />
          <Input label="Begrundelse for annulleringen" name="annulleringsbegrundelse" type="textarea" />
        </Box>
      );
    }
    case 'session':
      return <SessionForm timer={forloeb.ramme?.enhed === 'timer'} today={today} run={run} />;
    case 'status':
      return (
        <Box title="Statusnotat" submit="Gem statusnotat" onSubmit={(form) => run('/status', { notat: str(form, 'notat') }, 'Statusnotatet er gemt.')}>
          <Input label="Notat" name="notat" type="textarea" />
        </Box>
      );
    case 'forlaengelse': {
      const { extension } = regelsaet;
      const options: [string, string][] = [];
      if (extension.requestedBy === identity.rolle) {
        if (extension.model === 'terapeutnotat') options.push(['notat', FORLAENGELSE_NAVN.notat!]);
        if (extension.model === 'anmodning') options.push(['anmodning', FORLAENGELSE_NAVN.anmodning!]);
        for (const s of extension.tillaegsbevillinger) options.push([`tillaegsbevilling_${s.id}`, `${s.name} (${s.min}–${s.max} ${navn(ENHED_NAVN, s.unit)})`]);
      }
      if (extension.extraWithoutApplication?.by === identity.rolle) {
        options.push(['ekstra_sessioner', `${FORLAENGELSE_NAVN.ekstra_sessioner} (op til ${extension.extraWithoutApplication.upTo})`]);
      }
      return (
        <Box
          title="Anmod om forlængelse"
          submit="Send anmodning"
          onSubmit={(form) =>
            run('/forlaengelse', { type: str(form, 'type'), antal: Number(str(form, 'antal').replace(',', '.')), begrundelse: str(form, 'begrundelse') }, 'Anmodningen om forlængelse er sendt.')
          }
        >
          <Select label="Type" name="type" options={options} />
          <Input label={`Antal ${forloeb.ramme ? navn(ENHED_NAVN, forloeb.ramme.enhed) : ''}`} name="antal" type="number" min={1} step={1} defaultValue={4} />
          <Input label="Begrundelse" name="begrundelse" type="textarea" />
        </Box>
      );
    }
    case 'afgoerelse': {
      const pending = forloeb.forlaengelser.find((x) => !x.afgoerelse)!;
      return (
        <Box
          title={`Afgør anmodning: ${navn(FORLAENGELSE_NAVN, pending.type).toLowerCase()} på ${tal(pending.antal)}`}
          submit="Registrér afgørelse"
          onSubmit={(form) => {
            const afgoerelse = str(form, 'afgoerelseForlaengelse');
            const body = { afgoerelse, begrundelse: str(form, 'begrundelseForlaengelse'), ...changedDate(form, 'afgoerelsesdato', today) };
            return run(`/forlaengelse/${pending.id}/afgoerelse`, body, afgoerelse === 'godkendt' ? 'Forlængelsen er godkendt.' : 'Forlængelsen er afvist.');
          }}
        >
          <Radios legend="Afgørelse" name="afgoerelseForlaengelse" defaultValue="godkendt" options={[['godkendt', 'Godkend'], ['afvist', 'Afvis']]} />
          <Input label="Begrundelse" name="begrundelseForlaengelse" type="textarea" />
          <Input label="Afgørelsesdato" name="afgoerelsesdato" type="date" defaultValue={today} />
        </Box>
      );
    }
    case 'afslutning':
      return (
        <Box
          title="Afslut forløbet"
          submit="Registrér afslutning"
          onSubmit={(form) => {
            const notat = str(form, 'afslutningsnotat');
            return run('/afslutning', { aarsag: str(form, 'aarsag'), dato: str(form, 'afslutningsdato'), ...(notat ? { notat } : {}) }, 'Afslutningen er registreret.');
          }}
        >
          <Select label="Årsag" name="aarsag" options={Object.entries(AARSAG_NAVN)} />
          <Input label="Dato" name="afslutningsdato" type="date" defaultValue={today} />
          <Input label="Notat (valgfrit)" name="afslutningsnotat" type="textarea" />
        </Box>
      );
    case 'lukning':
      return (
        <Box title="Luk forløbet" submit="Luk forløbet" onSubmit={(form) => run('/lukning', changedDate(form, 'lukningsdato', today), 'Forløbet er lukket.')}>
          <Input label="Lukket den" name="lukningsdato" type="date" defaultValue={today} />
        </Box>
      );
  }
}

/**
 * A session. A second one on the same day is answered 409 `kraever_bekraeftelse`: the form then asks,
 * and sends it again confirmed (`bekraeftet`) only when the user says yes.
 */
function SessionForm({ timer, today, run }: { timer: boolean; today: string; run: Run }) {
  const [asking, setAsking] = useState<{ body: Record<string, unknown>; udfald: string; message: string } | null>(null);
  const done = (udfald: string) => `Træningen er registreret: ${navn(UDFALD_NAVN, udfald).toLowerCase()}.`;
  const confirm = async () => {
    if (!asking) return;
    setAsking(null);
    await run('/sessioner', { ...asking.body, bekraeftet: true }, done(asking.udfald));
  };
  return (
    <Box
      title="Registrér træning"
      submit="Registrér træning"
      onSubmit={(form) => {
        const udfald = str(form, 'udfald');
        const minutter = udfald === 'gennemfoert' ? Number(str(form, 'varighed') || '0') : 0;
        const body = { dato: str(form, 'sessionsdato'), udfald, varighedMinutter: minutter };
        setAsking(null);
        return run('/sessioner', body, done(udfald), (e) => {
          if (e.kode !== 'kraever_bekraeftelse') return false;
          setAsking({ body, udfald, message: e.message });
          return true;
        });
      }}
    >
      <Radios
        legend="Udfald"
        name="udfald"
        defaultValue="gennemfoert"
        options={[
          ['gennemfoert', 'Gennemført'],
          ['aflyst_af_borger', 'Aflyst af borger'],
          ['aflyst_af_enheden', 'Aflyst af enheden'],
          ['udeblevet', 'Udeblevet'],
        ]}
      />
      <div className="felt-raekke">
        <Input label="Dato" name="sessionsdato" type="date" defaultValue={today} />
        <Input label={timer ? 'Varighed i minutter (trækkes fra rammen)' : 'Varighed i minutter'} name="varighed" type="number" min={0} step={5} defaultValue={timer ? 90 : 60} />
      </div>
      {asking && (
        <div className="alert alert-warning" role="alert" data-testid="bekraeft-session">
          <div className="alert-body">
            <p className="alert-text">{asking.message}</p>
            <button type="button" className="button button-secondary" onClick={() => void confirm()}>
              Ja, registrér endnu en træning
            </button>
          </div>
        </div>
      )}
    </Box>
  );
}
