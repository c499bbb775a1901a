// What every read-model query shares: something to query with, and the kommune the caller may see.
import type { Pool } from 'pg';

export type Queryable = Pick<Pool, 'query'>;

/**
 * The caller's reach. `kommune` set: only that municipality's forløb are visible. `enhed` set (a
 * terapeut): only forløb assigned to that unit, or not yet assigned to any.
 */
export type ReadScope = { kommune?: string | undefined; enhed?: string | undefined };

/** Adds a parameter and returns its placeholder. */
export function paramList() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}
