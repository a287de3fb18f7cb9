import argon2 from 'argon2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

/** The algorithm and cost parameters of a PHC-format hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
function parameters(hash: string): { algorithm: string; params: Record<string, string> } {
  const [, algorithm = '', , params = ''] = hash.split('$');
  return { algorithm, params: Object.fromEntries(params.split(',').map((pair) => pair.split('='))) };
}

const OWASP_BASELINE = { algorithm: 'argon2id', params: { m: '19456', t: '2', p: '1' } };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('passwords', () => {
  it('hash with argon2id at the OWASP baseline (19 MiB, 2 iterations, 1 lane) and a fresh salt', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(parameters(first)).toEqual(OWASP_BASELINE);
    expect(second).not.toBe(first);
  });

  it('verify the right password only', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('refuse, without throwing, when the stored hash is damaged', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,p=1,t=2$broken', 'anything')).toBe(false);
  });

  it('still run argon2 when there is no account, so an unknown email costs a wrong password’s time', async () => {
    const verify = vi.spyOn(argon2, 'verify');
    expect(await verifyPassword(null, 'correct horse battery staple')).toBe(false);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(parameters(String(verify.mock.calls[0]?.[0]))).toEqual(OWASP_BASELINE);
  });
});
