// Small building blocks on DKFDS classes: alerts, form fields with their errors, the step indicator,
// the frame bar and tabs.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { FASE_NAVN, tal } from './format';
import { PHASES, type Phase } from './types';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Forløbsmotoren`;
  }, [title]);
}

export function Alert({ kind, heading, children }: { kind: 'info' | 'success' | 'warning' | 'error'; heading?: string; children?: ReactNode }) {
  // Errors and confirmations are announced to screen readers when they appear.
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <div className="alert-body">
        {heading && <p className="alert-heading">{heading}</p>}
        {children && <div className="alert-text">{children}</div>}
      </div>
    </div>
  );
}

export type Errors = Record<string, string>;

type FieldProps = {
  label: string;
  name: string;
  errors?: Errors;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; name: string }) => ReactNode;
};

/** A DKFDS form group: label, hint, the error beside the field, and the control linked to all three. */
export function Field({ label, name, errors, hint, children }: FieldProps) {
  const id = useId();
  const error = errors?.[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="form-error-message" id={`${id}-error`} data-felt={name}>
          <span className="sr-only">Fejl: </span>
          {error}
        </span>
      )}
      {children({ id, name, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
    </div>
  );
}

export function StepIndicator({ fase, lukket }: { fase: Phase; lukket: boolean }) {
  const current = PHASES.indexOf(fase);
  return (
    <nav aria-label="Forløbets faser">
      <ol className="step-indicator step-indicator--horizontal">
        {PHASES.map((p, i) => {
          const state = lukket || i < current ? 'gennemført' : i === current ? 'nuværende fase' : 'ikke startet';
          return (
            <li key={p} className={i === current && !lukket ? 'current' : i > current ? 'disabled' : 'done'} {...(i === current && !lukket ? { 'aria-current': 'step' as const } : {})}>
              <span className="step">
                <span className="step-number">
                  <span>{i + 1}</span>
                </span>
                <span>
                  <span className="step-title">{FASE_NAVN[p]}</span>
                  <span className="step-information">{state}</span>
                </span>
              </span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** "14 af 20 sessioner" / "9,5 af 13 timer" as a bar. */
export function FrameBar({ brugt, bevilget, enhed }: { brugt: number; bevilget: number; enhed: string }) {
  const share = bevilget > 0 ? Math.min(1, brugt / bevilget) : 0;
  const text = `${tal(brugt)} af ${tal(bevilget)} ${enhed}`;
  return (
    <div className="ramme">
      <div
        className="ramme-bar"
        role="progressbar"
        aria-label="Brugt af rammen"
        aria-valuemin={0}
        aria-valuemax={bevilget}
        aria-valuenow={brugt}
        aria-valuetext={text}
      >
        <div className={`ramme-fyld${share >= 0.8 ? ' ramme-fyld--naesten' : ''}`} style={{ width: `${share * 100}%` }} />
      </div>
      <p className="ramme-tekst" data-testid="ramme">
        {text}
      </p>
    </div>
  );
}

/** DKFDS tabs with the WAI-ARIA keyboard pattern (arrow keys move between tabs). */
export function Tabs({ tabs, label }: { label: string; tabs: { id: string; title: string; content: ReactNode }[] }) {
  const [active, setActive] = useState(tabs[0]?.id ?? '');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const base = useId();
  const move = (delta: number) => {
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + delta + tabs.length) % tabs.length];
    if (next) {
      setActive(next.id);
      refs.current[next.id]?.focus();
    }
  };
  return (
    <div className="tab-container">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            className="tab-button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-controls={`${base}-panel-${t.id}`}
            aria-selected={t.id === active}
            tabIndex={t.id === active ? 0 : -1}
            onClick={() => setActive(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            <span>{t.title}</span>
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          className="tab-panel"
          role="tabpanel"
          id={`${base}-panel-${t.id}`}
          aria-labelledby={`${base}-tab-${t.id}`}
          hidden={t.id !== active}
          tabIndex={0}
        >
          {t.id === active && t.content}
        </div>
      ))}
    </div>
  );
}

/** Focus moves to the page's heading when a screen opens, so keyboard and screen reader users start there. */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="sidetitel">
      {children}
    </h1>
  );
}
