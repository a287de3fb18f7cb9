import { z } from 'zod';

/** A MongoDB ObjectId as 24 lowercase hex characters: the id format of every stored entity. */
export const IdSchema = z.string().regex(/^[a-f0-9]{24}$/, 'must be a 24-character hex id');
export type Id = z.infer<typeof IdSchema>;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;

// Rejecting control characters is the point of these two patterns.
// eslint-disable-next-line no-control-regex
const LINE_CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const BLOCK_CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Single-line human text: trimmed, no control characters, bounded. */
export function lineText(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !LINE_CONTROL_CHARACTERS.test(value), 'must not contain control characters');
}

/** Multi-line human text (newlines and tabs allowed), bounded. */
export function blockText(max: number, min = 0) {
  return z
    .string()
    .max(max)
    .refine((value) => value.trim().length >= min, `must contain at least ${min} characters`)
    .refine((value) => !BLOCK_CONTROL_CHARACTERS.test(value), 'must not contain control characters');
}

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((value) => value.toLowerCase());

/** Opaque pagination cursor (base64url), produced by the server. */
export const CursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,512}$/, 'invalid cursor');

export const PageLimitSchema = z.coerce.number().int().min(1).max(100).default(50);

/** Query-string boolean: only the literal strings 'true' / 'false'. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: CursorSchema.nullable(),
  });
}

export const OkSchema = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof OkSchema>;

export const IdParamsSchema = z.strictObject({ id: IdSchema });

/** http(s) and mailto links only: every user-supplied URL passes through this. */
export const SafeUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
    } catch {
      return false;
    }
  }, 'must be an http, https or mailto link');
