// The number of open rows in the role's inbox, for the menu. On Opgaver the screen announces the
// total of the very rows it shows, so the two cannot differ; elsewhere the menu asks for it itself
// (one row, with the total), again every POLL_MS and whenever an acknowledgement changed it.
import { useEffect, useState } from 'react';
import { get } from './api';
import type { Inbox } from './types';

const EVENT = 'opgaver-antal';
export const ANTAL_POLL_MS = 10_000;

/** `total`: the inbox's open rows; undefined when there are too many to count. */
export function announceOpgaverAntal(total: number | undefined): void {
  window.dispatchEvent(new CustomEvent<number | null>(EVENT, { detail: total ?? null }));
}

/** The open rows; null while too many to count, undefined until known. `own`: the screen shown announces it. */
export function useOpgaverAntal(enabled: boolean, own: boolean): number | null | undefined {
  const [antal, setAntal] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    const heard = (e: Event) => setAntal((e as CustomEvent<number | null>).detail);
    window.addEventListener(EVENT, heard);
    if (own) return () => window.removeEventListener(EVENT, heard);
    const fetchAntal = () =>
      get<Inbox>('/api/paamindelser?antal=1')
        .then((inbox) => setAntal(inbox.total ?? null))
        .catch(() => {});
    void fetchAntal();
    const timer = window.setInterval(() => void fetchAntal(), ANTAL_POLL_MS);
    return () => {
      window.removeEventListener(EVENT, heard);
      window.clearInterval(timer);
    };
  }, [enabled, own]);
  return antal;
}
