import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { z } from 'zod';
import { ServiceProviderBodySchema, UpdateProfileBodySchema } from '@serantau/shared';
import { ApiError } from './api';
import { serverFieldErrors, validate } from './validation';

describe('validate', () => {
  it('turns shared-schema issues into translated messages per field', async () => {
    const result = validate(UpdateProfileBodySchema, { displayName: 'A', title: 'x'.repeat(121) }, i18next.t);
    expect(result).toEqual({
      ok: false,
      errors: { displayName: 'Use at least 2 characters.', title: 'Use at most 120 characters.' },
    });

    await i18next.changeLanguage('ms');
    const malay = validate(UpdateProfileBodySchema, { displayName: 'A' }, i18next.t);
    expect(malay).toEqual({ ok: false, errors: { displayName: 'Gunakan sekurang-kurangnya 2 aksara.' } });
  });

  it('says numbers are too small or too large as numbers, not as text lengths', async () => {
    await i18next.changeLanguage('en');
    const schema = z.object({ year: z.number().int().min(1900).max(2100) });
    expect(validate(schema, { year: 1850 }, i18next.t)).toEqual({
      ok: false,
      errors: { year: 'Enter 1900 or more.' },
    });
    expect(validate(schema, { year: 2200 }, i18next.t)).toEqual({
      ok: false,
      errors: { year: 'Enter 2100 or less.' },
    });
  });

  it('uses nested paths and per-field overrides, and returns parsed data when valid', () => {
    const body = {
      name: 'Rumah Perlindungan',
      country: 'MY',
      services: [],
      contact: { phone: 'call me', email: null, website: null, address: null },
    };
    const result = validate(ServiceProviderBodySchema, body, i18next.t, { services: 'Pick one.' });
    expect(result).toEqual({
      ok: false,
      errors: { services: 'Pick one.', 'contact.phone': 'This value is not in the expected format.' },
    });

    const valid = validate(
      ServiceProviderBodySchema,
      { ...body, services: ['shelter'], contact: { ...body.contact, phone: '+60 3-1234 5678' } },
      i18next.t,
    );
    expect(valid.ok && valid.data.notes).toBe('');
  });

  it('reads field errors from a VALIDATION_FAILED reply', () => {
    const error = new ApiError('VALIDATION_FAILED', 400, 'bad', {
      details: [
        { path: 'body.email', message: 'Invalid email' },
        { path: 'displayName', message: 'Too short' },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({ email: 'Invalid email', displayName: 'Too short' });
  });
});
