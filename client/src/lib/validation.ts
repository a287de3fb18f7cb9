import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { ApiError } from './api';

/** Field path (dot-joined) → message shown under that field. */
export type FieldErrors = Record<string, string>;

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates form values with the same shared schema the server uses, turning zod issues into
 * translated messages (zod's own texts are English-only). `overrides` gives a field a specific message.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: TFunction,
  overrides: Record<string, string> = {},
): Validation<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (errors[path]) continue;
    errors[path] = overrides[path] ?? issueMessage(issue, t);
  }
  return { ok: false, errors };
}

function issueMessage(issue: z.core.$ZodIssue, t: TFunction): string {
  switch (issue.code) {
    case 'too_small': {
      const count = Number(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('ui:validation.chooseAtLeast', { count });
      if (issue.origin === 'number' || issue.origin === 'int')
        return t('ui:validation.atLeastNumber', { count });
      if (count <= 1) return t('ui:validation.required');
      return t('ui:validation.tooShort', { count });
    }
    case 'too_big': {
      const count = Number(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('ui:validation.chooseAtMost', { count });
      if (issue.origin === 'number' || issue.origin === 'int')
        return t('ui:validation.atMostNumber', { count });
      return t('ui:validation.tooLong', { count });
    }
    case 'invalid_format':
      if (issue.format === 'email') return t('ui:validation.email');
      if (issue.format === 'url') return t('ui:validation.url');
      return t('ui:validation.format');
    default:
      return t('ui:validation.invalid');
  }
}

/** Field errors the server attached to a VALIDATION_FAILED reply (paths as the server reports them). */
export function serverFieldErrors(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of error.details) {
    const path = detail.path.replace(/^body\.?/, '');
    if (path && !errors[path]) errors[path] = detail.message;
  }
  return errors;
}
