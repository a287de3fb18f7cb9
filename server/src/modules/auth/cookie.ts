import type { FastifyReply, FastifyRequest } from 'fastify';

/** `__Host-` pins the cookie to this exact origin (Secure, Path=/, no Domain) when served over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-serantau_session' : 'serantau_session';
}

export function readSessionToken(request: FastifyRequest, secure: boolean): string | null {
  const token = request.cookies[sessionCookieName(secure)];
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  secure: boolean,
  maxAgeMs: number,
): void {
  reply.setCookie(sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

/** Parses a raw Cookie header (socket handshakes and WebSocket upgrades have no Fastify request). */
export function tokenFromCookieHeader(header: string | undefined, secure: boolean): string | null {
  if (!header) return null;
  const name = sessionCookieName(secure);
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}
