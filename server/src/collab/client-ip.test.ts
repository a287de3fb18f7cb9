import type { IncomingMessage } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createClientIpResolver } from './client-ip';

function upgradeRequest(remoteAddress: string | undefined, forwardedFor?: string): IncomingMessage {
  const headers: Record<string, string> =
    forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  // Only the two fields proxy-addr reads: the peer address and the headers.
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

/** What Fastify reports as `request.ip` for the same peer and header under the same setting. */
async function fastifyIp(
  trustProxy: boolean | string[],
  remoteAddress: string,
  forwardedFor?: string,
): Promise<string> {
  const app = Fastify({ trustProxy });
  app.get('/', (request) => ({ ip: request.ip }));
  try {
    const response = await app.inject({
      method: 'GET',
      url: '/',
      remoteAddress,
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    });
    return (response.json() as { ip: string }).ip;
  } finally {
    await app.close();
  }
}

describe('collab client address (TRUST_PROXY)', () => {
  const cases: {
    name: string;
    trust: boolean | string[];
    peer: string;
    forwarded?: string;
    expected: string;
  }[] = [
    {
      name: 'no proxy trusted',
      trust: false,
      peer: '10.1.2.3',
      forwarded: '203.0.113.9',
      expected: '10.1.2.3',
    },
    {
      name: 'every proxy trusted',
      trust: true,
      peer: '10.1.2.3',
      forwarded: '203.0.113.9',
      expected: '203.0.113.9',
    },
    {
      name: 'peer inside a trusted IPv4 CIDR',
      trust: ['10.0.0.0/8'],
      peer: '10.1.2.3',
      forwarded: '203.0.113.9',
      expected: '203.0.113.9',
    },
    {
      name: 'peer outside the trusted CIDR cannot forge the header',
      trust: ['10.0.0.0/8'],
      peer: '192.0.2.50',
      forwarded: '203.0.113.9',
      expected: '192.0.2.50',
    },
    {
      name: 'IPv4-mapped IPv6 peer inside an IPv4 CIDR',
      trust: ['10.0.0.0/8'],
      peer: '::ffff:10.1.2.3',
      forwarded: '203.0.113.9',
      expected: '203.0.113.9',
    },
    {
      name: 'IPv4-mapped IPv6 peer outside the CIDR',
      trust: ['10.0.0.0/8'],
      peer: '::ffff:192.0.2.50',
      forwarded: '203.0.113.9',
      expected: '::ffff:192.0.2.50',
    },
    {
      name: 'IPv6 CIDR',
      trust: ['2001:db8::/32'],
      peer: '2001:db8::7',
      forwarded: '198.51.100.4',
      expected: '198.51.100.4',
    },
    {
      name: 'chain: stops at the first hop that is not trusted',
      trust: ['10.0.0.0/8'],
      peer: '10.0.0.1',
      forwarded: '203.0.113.9, 198.51.100.77, 10.0.0.2',
      expected: '198.51.100.77',
    },
    {
      name: 'several single addresses, the second one matching',
      trust: ['192.0.2.1', '127.0.0.1'],
      peer: '127.0.0.1',
      forwarded: '203.0.113.9',
      expected: '203.0.113.9',
    },
    {
      name: 'trusted peer without the header',
      trust: ['10.0.0.0/8'],
      peer: '10.1.2.3',
      expected: '10.1.2.3',
    },
  ];

  for (const entry of cases) {
    it(`${entry.name}: ${entry.expected}, as Fastify says`, async () => {
      const resolve = createClientIpResolver(entry.trust);
      const ours = resolve(upgradeRequest(entry.peer, entry.forwarded));
      expect(ours).toBe(entry.expected);
      expect(ours).toBe(await fastifyIp(entry.trust, entry.peer, entry.forwarded));
    });
  }

  it('reports no address for a peer that already hung up', () => {
    expect(createClientIpResolver(true)(upgradeRequest(undefined, '203.0.113.9'))).toBeNull();
  });
});
