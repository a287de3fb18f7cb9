import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { z } from 'zod';

/** One URL parameter read through its schema: a hand-edited URL can never produce an invalid query. */
export function readParam<T>(schema: z.ZodType<T>, value: string | null): T | undefined {
  if (value === null || value === '') return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export type UrlFilters<F extends Record<string, z.ZodType>> = { [K in keyof F]?: z.output<F[K]> };

/**
 * List filters kept in the URL, so a search can be bookmarked, shared and returned to with Back.
 * `fields` and `dependents` must be module-level constants (they are memo dependencies).
 * `dependents[a] = [b]` clears `b` when `a` changes (an agency belongs to one country).
 */
export function useUrlFilters<F extends Record<string, z.ZodType>>(
  fields: F,
  dependents: Partial<Record<keyof F & string, (keyof F & string)[]>> = NO_DEPENDENTS,
) {
  const [params, setParams] = useSearchParams();

  const filters = useMemo(() => {
    const result: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(fields)) {
      const value = readParam(schema, params.get(name));
      if (value !== undefined) result[name] = value;
    }
    return result as UrlFilters<F>;
  }, [params, fields]);

  // Several filters change in one URL update: React Router does not queue successive updates.
  const setFilters = useCallback(
    (values: Partial<Record<keyof F & string, string | undefined>>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(values) as [keyof F & string, string | undefined][]) {
            if (value) next.set(name, value);
            else next.delete(name);
            for (const dependent of dependents[name] ?? []) next.delete(dependent);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams, dependents],
  );

  const setFilter = useCallback(
    (name: keyof F & string, value: string | undefined) =>
      setFilters({ [name]: value } as Partial<Record<keyof F & string, string | undefined>>),
    [setFilters],
  );

  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);

  const active = Object.keys(filters).length > 0;
  return { filters, setFilter, setFilters, clear, active };
}

const NO_DEPENDENTS = {};
