// One forløb: the phases as a step indicator, the deadlines with due date, unit and status, the frame
// as a bar, the timeline, and the actions the signed-in role may take now: exactly those the API's
// answer allows (`tilladteHandlinger`, from the domain's own rules), none worked out here. A refused
// command's reason (403/409) is shown in an alert. Each form, the deadlines, the timeline and the CPR
// number have their own module in ./forloeb/.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, getRegelsaet, post } from '../api';
import { Alert, FrameBar, PageHeading, StepIndicator, Tabs, usePageTitle } from '../components';
import { dato, ENHED_NAVN, FASE_NAVN, FORLAENGELSE_NAVN, navn, tal } from '../format';
import { ROLLE_NAVN, type Identity } from '../session';
import type { ForloebDetail, Haendelse, Regelsaet, Tidslinje } from '../types';
import { Breve } from './forloeb/Breve';
import { CprNummer } from './forloeb/CprNummer';
import { FristTabel } from './forloeb/FristTabel';
import { Handling } from './forloeb/Handlinger';
import { TidslinjeListe } from './forloeb/Tidslinje';

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

  const actions = forloeb.tilladteHandlinger.filter((h) => h.tilladt);
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
              <Handling key={a.handling} handling={a.handling} valg={a.valg ?? []} forloeb={forloeb} regelsaet={regelsaet} run={run} />
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
