import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the hop at `address` (the `index`-th from the server) may speak for the one before it. */
type TrustFunction = (address: string, index: number) => boolean;

/**
 * Builds the same trust function Fastify builds from its `trustProxy` option (see fastify's
 * `lib/request.js`), from the same package, so the audit trail of WebSocket upgrades names the same
 * client address as `request.ip` on the HTTP routes: `true` trusts every hop, a list of addresses or
 * CIDR ranges (IPv4, IPv6, IPv4-mapped IPv6 normalised) trusts only those, `false` trusts nobody.
 */
export function compileTrustProxy(trustProxy: boolean | readonly string[]): TrustFunction {
  if (trustProxy === true) return () => true;
  if (trustProxy === false || trustProxy.length === 0) return () => false;
  return proxyAddr.compile([...trustProxy]);
}

/**
 * The address a request came from: the connecting peer, or the furthest X-Forwarded-For entry
 * reached while every hop in between is trusted (what Fastify reports as `request.ip`).
 */
export function createClientIpResolver(
  trustProxy: boolean | readonly string[],
): (request: IncomingMessage) => string | null {
  const trust = compileTrustProxy(trustProxy);
  return (request) => {
    // A peer that already hung up has no address; proxy-addr would report `undefined` as a string.
    if (!request.socket.remoteAddress) return null;
    return proxyAddr(request, trust);
  };
}
