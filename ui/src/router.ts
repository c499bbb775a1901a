// A tiny hash router: #/path?query. Only ids and filters ever go into the address, never a CPR number.
import { useEffect, useState } from 'react';

export type Route = { path: string; params: URLSearchParams };

function current(): Route {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, q] = raw.split('?', 2);
  return { path: path || '/', params: new URLSearchParams(q ?? '') };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function navigate(to: string): void {
  window.location.hash = to;
}

export const href = (to: string) => `#${to}`;
