import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals small secrets (TOTP keys) at rest with AES-256-GCM under a key derived from SESSION_SECRET,
 * so a copy of the database alone does not yield working second factors.
 */
export function createSecretBox(masterSecret: string) {
  const key = Buffer.from(hkdfSync('sha256', masterSecret, 'serantau', 'totp-secret-box', 32));
  const digestKey = Buffer.from(hkdfSync('sha256', masterSecret, 'serantau', 'recovery-code-digest', 32));
  return {
    /** Keyed digest of a low-entropy secret (recovery codes): useless without the master secret. */
    digest(value: string): string {
      return createHmac('sha256', digestKey).update(value).digest('hex');
    },
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed: string): string {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('sealed secret has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
