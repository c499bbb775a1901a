// What every action form of the forløb detail is made of: the props, a form box that sends one
// command, the fields, and the command's path from the API's contract.
import { useState, type FormEvent, type ReactNode } from 'react';
import { KOMMANDOER, type Handling } from '../../../../api/contract';
import type { ApiError } from '../../api';
import type { ForloebDetail, Regelsaet } from '../../types';

/** Sends a command to the forløb; true when it was accepted. `onRefused` may take over a refusal (a question to confirm). */
export type Run = (path: string, body: unknown, done: string, onRefused?: (e: ApiError) => boolean) => Promise<boolean>;

/** An effective date is sent only when the user changed it: left at today, the API dates it by its own clock. */
export const changedDate = (form: FormData, name: string, today: string) => {
  const value = str(form, name);
  return value && value !== today ? { dato: value } : {};
};

export function Box({ title, children, onSubmit, submit }: { title: string; children?: ReactNode; onSubmit: (form: FormData) => Promise<unknown> | void; submit: string }) {
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

export const str = (form: FormData, k: string) => {
  const v = form.get(k);
  return typeof v === 'string' ? v.trim() : '';
};

export function Input({ label, name, type = 'text', defaultValue, required, min, step }: { label: string; name: string; type?: string; defaultValue?: string | number; required?: boolean; min?: number; step?: number }) {
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

export function Select({ label, name, options, defaultValue }: { label: string; name: string; options: [string, string][]; defaultValue?: string }) {
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

export function Radios({ legend, name, options, defaultValue }: { legend: string; name: string; options: [string, string][]; defaultValue: string }) {
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

/** What a form gets: the forløb, its regelsæt, the choices the API leaves the role (`valg`), and how to send. */
export type FormProps = { forloeb: ForloebDetail; regelsaet: Regelsaet; valg: string[]; run: Run };

/** The path of a command under the forløb, its own parameters filled in. */
export const pathOf = (handling: Handling, params: Record<string, string | number> = {}) =>
  KOMMANDOER[handling].path.replace(/:([a-zA-Z]+)/g, (_m, name: string) => encodeURIComponent(String(params[name] ?? '')));
