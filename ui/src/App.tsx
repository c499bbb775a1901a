// The frame of every screen: the header with who is signed in (name, role, kommune) and sign-out,
// the navigation for the role, and the screen the address names. Before sign-in it asks the API how
// to sign in (GET /api/konfiguration), and finishes a sign-in at the OIDC provider when the provider
// sends the user back with `?code&state` (the code is then removed from the address and the history).
// The header's search for a borger (CPR number or name) opens the list of its hits at #/soeg; the term
// is held here in memory, never put in the address, so it stays out of the browser's history.
import { useEffect, useState } from 'react';
import { setUnauthorizedHandler } from './api';
import { Alert } from './components';
import { clearToken, getToken, hentKonfiguration, identityOf, ROLLE_NAVN, setToken, signInMethodUsed, type Bruger } from './session';
import { href, navigate, useRoute } from './router';
import { isSigninCallback, type Konfiguration } from './signin-config';
import { SignIn } from './screens/SignIn';
import { Opgaver } from './screens/Opgaver';
import { ForloebList } from './screens/ForloebList';
import { ForloebDetailScreen } from './screens/ForloebDetail';
import { NytForloeb } from './screens/NytForloeb';
import { Rapporter } from './screens/Rapporter';
import { Drift } from './screens/Drift';
import { useOpgaverAntal } from './opgaver-antal';

function readIdentity(): Bruger | null {
  const token = getToken();
  return token ? identityOf(token) : null;
}

/** The provider's code can be exchanged only once: one attempt per page load. */
let callbackHandled = false;

async function finishOidcSignIn(k: Konfiguration): Promise<void> {
  try {
    if (!k.oidc) throw new Error('Serveren har ikke et login hos kommunens OIDC-udbyder sat op.');
    const { completeSignIn } = await import('./oidc');
    const { accessToken, returnTo } = await completeSignIn(k.oidc);
    if (!identityOf(accessToken)) throw new Error('Adgangstokenet fra kommunens login mangler rolle eller kommune.');
    setToken(accessToken, 'oidc');
    window.history.replaceState(null, '', `/${returnTo}`);
  } catch (err) {
    window.history.replaceState(null, '', '/#/');
    throw err;
  } finally {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  }
}

export function App() {
  const [identity, setIdentity] = useState<Bruger | null>(readIdentity);
  const [konfiguration, setKonfiguration] = useState<Konfiguration | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(() => isSigninCallback(window.location.search));
  const route = useRoute();
  // The current search for a borger; `n` makes a repeated search of the same term fetch again.
  const [soegning, setSoegning] = useState<{ term: string; n: number } | null>(null);
  const soeg = (term: string) => {
    setSoegning((s) => ({ term, n: (s?.n ?? 0) + 1 }));
    navigate('/soeg');
  };

  useEffect(() => {
    setUnauthorizedHandler(() => setIdentity(null));
    hentKonfiguration()
      .then(async (k) => {
        setKonfiguration(k);
        if (!isSigninCallback(window.location.search) || callbackHandled) return;
        callbackHandled = true;
        try {
          await finishOidcSignIn(k);
          setIdentity(readIdentity());
        } catch (err) {
          setSignInError(`Login hos kommunens login blev ikke gennemført: ${(err as Error).message}`);
        } finally {
          setFinishing(false);
        }
      })
      .catch((err: Error) => {
        setSignInError(`Oplysningerne om login kunne ikke hentes: ${err.message}`);
        setFinishing(false);
      });
  }, []);

  if (!identity) {
    return (
      <Layout identity={null} path={route.path} onSignOut={() => {}} onSoeg={() => {}}>
        {finishing ? (
          <p aria-live="polite">Logger ind …</p>
        ) : (
          <>
            {signInError && (
              <Alert kind="error" heading="Du blev ikke logget ind">
                {signInError}
              </Alert>
            )}
            <SignIn
              konfiguration={konfiguration}
              onSignedIn={() => {
                setIdentity(readIdentity());
                navigate('/');
              }}
            />
          </>
        )}
      </Layout>
    );
  }

  const signOut = async () => {
    const method = signInMethodUsed();
    clearToken();
    setIdentity(null);
    setSoegning(null);
    navigate('/');
    // Signed in at the provider: sign out there too (the page goes there and comes back).
    if (method === 'oidc' && konfiguration?.oidc) {
      const { signOutAtProvider } = await import('./oidc');
      await signOutAtProvider(konfiguration.oidc);
    }
  };

  let screen;
  const detail = /^\/forloeb\/(forloeb-[0-9a-f-]{36})$/.exec(route.path);
  // The operations role has one page, whatever the address says: it may see no forløb.
  if (identity.rolle === 'drift') screen = <Drift identity={identity} />;
  else if (detail) screen = <ForloebDetailScreen key={detail[1]} id={detail[1]!} identity={identity} />;
  else if (route.path === '/soeg') screen = <ForloebList key={`soeg-${soegning?.n ?? 0}`} identity={identity} params={route.params} soeg={soegning?.term ?? ''} onSoeg={soeg} />;
  else if (route.path === '/forloeb') screen = <ForloebList key={route.params.toString()} identity={identity} params={route.params} />;
  else if (route.path === '/ny') screen = <NytForloeb identity={identity} />;
  else if (route.path === '/rapporter' && identity.rolle === 'leder') screen = <Rapporter identity={identity} />;
  else screen = <Opgaver identity={identity} />;

  return (
    <Layout identity={identity} path={route.path} opgaverVist={screen.type === Opgaver} onSignOut={() => void signOut()} onSoeg={soeg}>
      {screen}
    </Layout>
  );
}

function navFor(identity: Bruger): { to: string; label: string }[] {
  if (identity.rolle === 'drift') return [{ to: '/', label: 'Drift' }];
  const items = [
    { to: '/', label: 'Opgaver' },
    { to: '/forloeb', label: 'Forløb' },
  ];
  if (identity.rolle === 'terapeut' && identity.enhed) items.push({ to: `/forloeb?enhed=${encodeURIComponent(identity.enhed)}`, label: 'Min caseload' });
  if (identity.rolle === 'visitator') {
    // Applications in visitering, with the decision deadline where the regelsæt has one (only some do).
    items.push({ to: '/forloeb?fase=visitering', label: 'Afventer afgørelse' });
    // The extension requests waiting for a decision, soonest due first.
    items.push({ to: '/forloeb?aabenFrist=forlaengelse&sorter=aabenFrist', label: 'Forlængelser' });
  }
  if (identity.rolle === 'koordinator') items.push({ to: '/forloeb?fase=opstart', label: 'Opstart' });
  if (identity.rolle !== 'leder') items.push({ to: '/ny', label: 'Nyt forløb' });
  if (identity.rolle === 'leder') {
    items.push({ to: '/rapporter', label: 'Rapporter' });
    items.push({ to: '/forloeb?overskredet=true', label: 'Overskredne frister' });
  }
  return items;
}

/** The header's search for a borger: on every page for the case workers (not the operations role, which sees no forløb). */
function HeaderSoeg({ onSoeg }: { onSoeg: (term: string) => void }) {
  return (
    <form
      role="search"
      aria-label="Find borger"
      className="app-soeg"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const field = e.currentTarget.elements.namedItem('soeg') as HTMLInputElement;
        onSoeg(field.value);
        field.value = '';
      }}
    >
      <label className="form-label" htmlFor="header-soeg">
        Find borger
      </label>
      <span className="form-hint sr-only" id="header-soeg-hint">
        CPR-nummer eller begyndelsen af navnet. Søgningen registreres i adgangsloggen.
      </span>
      <div className="app-soeg-felt">
        <input id="header-soeg" name="soeg" type="search" className="form-input" autoComplete="off" spellCheck={false} aria-describedby="header-soeg-hint" placeholder="CPR-nummer eller navn" />
        <button type="submit" className="button button-secondary">
          Søg
        </button>
      </div>
    </form>
  );
}

/** `opgaverVist`: the screen shown is Opgaver, which tells the menu its count itself. */
function Layout({
  identity,
  path,
  opgaverVist = false,
  onSignOut,
  onSoeg,
  children,
}: {
  identity: Bruger | null;
  path: string;
  opgaverVist?: boolean;
  onSignOut: () => void;
  onSoeg: (term: string) => void;
  children: React.ReactNode;
}) {
  const full = window.location.hash.replace(/^#/, '') || '/';
  const antal = useOpgaverAntal(identity !== null && identity.rolle !== 'drift', opgaverVist);
  return (
    <>
      <a
        className="skipnav"
        href="#indhold"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('indhold')?.focus();
        }}
      >
        Gå til sidens indhold
      </a>
      <header className="header app-header">
        <div className="container app-header-inner">
          <a className="app-logo" href={href('/')}>
            Forløbsmotoren
            <span className="app-logo-sub">Genoptræning og vedligeholdelsestræning</span>
          </a>
          {identity && identity.rolle !== 'drift' && <HeaderSoeg onSoeg={onSoeg} />}
          {identity && (
            <div className="portal-user app-user" data-testid="bruger">
              <p className="user mb-0">
                <strong>{identity.navn}</strong>
                <br />
                <span>{ROLLE_NAVN[identity.rolle]}</span>
                {/* A drift token's kommune scopes nothing, so it is not shown as if it did. */}
                {identity.rolle !== 'drift' && (
                  <>
                    , <span>{identity.kommune} Kommune</span>
                  </>
                )}
                {identity.enhed && <span>, {identity.enhed}</span>}
              </p>
              <button type="button" className="button button-secondary" onClick={onSignOut}>
                Log af
              </button>
            </div>
          )}
        </div>
        {identity && (
          <nav className="navigation-menu app-nav" aria-label="Hovedmenu">
            <div className="container">
              <ul className="nav-primary">
                {navFor(identity).map((item) => {
                  const active = item.to === full || (item.to === '/forloeb' && path.startsWith('/forloeb/'));
                  return (
                    <li key={item.to} className={active ? 'current' : ''}>
                      <a className="nav-link" href={href(item.to)} {...(active ? { 'aria-current': 'page' as const } : {})}>
                        <span>{item.label}</span>
                        {item.to === '/' && identity.rolle !== 'drift' && antal !== undefined && (
                          <span className="badge badge-small nav-antal" data-testid="opgaver-antal">
                            <span className="sr-only">, åbne: </span>
                            {antal === null ? 'mange' : antal}
                          </span>
                        )}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          </nav>
        )}
      </header>
      <main id="indhold" tabIndex={-1} className="container page-container">
        {children}
      </main>
    </>
  );
}
