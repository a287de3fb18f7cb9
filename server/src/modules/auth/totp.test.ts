import { describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  matchTotpStep,
  normaliseRecoveryCode,
  totpCodeAt,
  totpUri,
} from './totp';

/** RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = Secret.fromUTF8('12345678901234567890').base32;

/**
 * RFC 6238 appendix B, SHA-1 column. The RFC prints 8-digit codes; a 6-digit code is the same
 * HOTP value modulo 10^6, i.e. its last six digits.
 */
const RFC_VECTORS = [
  { seconds: 59, code8: '94287082' },
  { seconds: 1111111109, code8: '07081804' },
  { seconds: 1111111111, code8: '14050471' },
  { seconds: 1234567890, code8: '89005924' },
  { seconds: 2000000000, code8: '69279037' },
  { seconds: 20000000000, code8: '65353130' },
] as const;

const STEP_MS = 30_000;

describe('TOTP (RFC 6238)', () => {
  it('generates the RFC test vectors', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    for (const { seconds, code8 } of RFC_VECTORS) {
      expect({ seconds, code: totpCodeAt(RFC_SECRET, seconds * 1000) }).toEqual({
        seconds,
        code: code8.slice(-6),
      });
    }
  });

  it('accepts the RFC codes at their time and names their 30-second step', () => {
    for (const { seconds, code8 } of RFC_VECTORS) {
      expect(matchTotpStep(RFC_SECRET, code8.slice(-6), seconds * 1000)).toBe(Math.floor(seconds / 30));
    }
  });

  it('accepts one step of clock drift either way, and no more', () => {
    const now = 1111111111 * 1000;
    const step = Math.floor(now / STEP_MS);
    const codeAt = (offset: number) => totpCodeAt(RFC_SECRET, (step + offset) * STEP_MS);
    expect(matchTotpStep(RFC_SECRET, codeAt(-1), now)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(0), now)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, codeAt(1), now)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, codeAt(-2), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, codeAt(2), now)).toBeNull();
  });

  it("returns the code's own step wherever in the window it is checked, so the replay guard sees a replay", () => {
    // matchTotpStep is stateless; refusing a used code is the users repo's job
    // (consumeTotpStep only moves lastUsedStep forward). That guard works only if a code checked
    // again 30 s later still maps to the step it was issued for, not to the current one.
    const issuedAt = 2000000000 * 1000;
    const code = totpCodeAt(RFC_SECRET, issuedAt);
    const step = matchTotpStep(RFC_SECRET, code, issuedAt);
    expect(step).not.toBeNull();
    expect(matchTotpStep(RFC_SECRET, code, issuedAt)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, issuedAt + STEP_MS)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, issuedAt - STEP_MS)).toBe(step);
  });

  it('refuses wrong, malformed and other-secret codes', () => {
    const now = 1234567890 * 1000;
    const right = totpCodeAt(RFC_SECRET, now);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotpStep(RFC_SECRET, wrong, now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, '', now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, '89005924', now)).toBeNull(); // the 8-digit code
    expect(matchTotpStep(generateTotpSecret(), right, now)).toBeNull();
  });

  it('enrols with a 160-bit secret and an otpauth URI every authenticator app reads', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'maria@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Serantau:maria@example.org');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      issuer: 'Serantau',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of two five-character groups without look-alike characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('normalise case, dashes and surrounding spaces to one form', () => {
    const forms = ['k3m9p-x2r7w', 'K3M9P-X2R7W', ' k3m9px2r7w ', 'k3m9p-x2r7w\n'];
    expect(new Set(forms.map(normaliseRecoveryCode))).toEqual(new Set(['k3m9px2r7w']));
    expect(normaliseRecoveryCode('k3m9p-x2r7x')).not.toBe(normaliseRecoveryCode('k3m9p-x2r7w'));
  });
});
