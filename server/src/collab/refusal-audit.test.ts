import { describe, expect, it } from 'vitest';
import { createRefusalThrottle, type Refusal } from './refusal-audit';

const options = { burst: 3, refillPerSecond: 1, windowMs: 60_000, maxTrackedAddresses: 2 };

function refusal(ip: string | null, index = 0, reason = 'unauthenticated'): Refusal {
  return { ip, reason, userId: null, documentId: `doc${index}` };
}

describe('refused collab upgrades: per-address audit throttle', () => {
  it('records a burst one by one, then summarises the rest with their count', () => {
    let clock = 1_000_000;
    const throttle = createRefusalThrottle(options, () => clock);
    const outcomes = Array.from({ length: 10 }, (_, index) => throttle.note(refusal('203.0.113.9', index)));
    expect(outcomes.filter((outcome) => outcome === 'record')).toHaveLength(3);
    clock += 500;
    const [summary, ...rest] = throttle.drain();
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({ ip: '203.0.113.9', count: 7, reasons: { unauthenticated: 7 } });
    expect(summary?.documentIds).toHaveLength(7);
    // A drained summary is not handed out twice.
    expect(throttle.drain()).toEqual([]);
  });

  it('gives an address its individual records back over time, one per 1/refill seconds', () => {
    let clock = 0;
    const throttle = createRefusalThrottle(options, () => clock);
    for (let index = 0; index < 3; index += 1) expect(throttle.note(refusal('198.51.100.1'))).toBe('record');
    expect(throttle.note(refusal('198.51.100.1'))).toBe('summarised');
    clock += 1_000;
    expect(throttle.note(refusal('198.51.100.1'))).toBe('record');
    expect(throttle.note(refusal('198.51.100.1'))).toBe('summarised');
  });

  it('keeps addresses apart, and pools addresses beyond the tracking limit in one summary', () => {
    const clock = 0;
    const throttle = createRefusalThrottle(options, () => clock);
    for (let index = 0; index < 4; index += 1) {
      throttle.note(refusal('192.0.2.1', index));
      throttle.note(refusal('192.0.2.2', index, 'not_permitted'));
    }
    // Two addresses tracked: a third and a fourth share the overflow bucket.
    for (let index = 0; index < 4; index += 1) {
      throttle.note(refusal('192.0.2.3', index));
      throttle.note(refusal('192.0.2.4', index));
    }
    expect(throttle.trackedAddresses()).toBe(3);
    const summaries = throttle.drain();
    const byIp = new Map(summaries.map((summary) => [summary.ip, summary]));
    expect(byIp.get('192.0.2.1')?.count).toBe(1);
    expect(byIp.get('192.0.2.2')).toMatchObject({ count: 1, reasons: { not_permitted: 1 } });
    expect(byIp.get(null)?.count).toBe(8 - 3);
  });

  it('samples at most ten user and document ids per summary', () => {
    const throttle = createRefusalThrottle({ ...options, burst: 0 }, () => 0);
    for (let index = 0; index < 50; index += 1) {
      throttle.note({
        ip: '192.0.2.9',
        reason: 'not_permitted',
        userId: `user${index}`,
        documentId: `doc${index}`,
      });
    }
    const [summary] = throttle.drain();
    expect(summary?.count).toBe(50);
    expect(summary?.userIds).toHaveLength(10);
    expect(summary?.documentIds).toHaveLength(10);
  });

  it('forgets an address once its bucket has refilled, so memory follows current traffic', () => {
    let clock = 0;
    const throttle = createRefusalThrottle(options, () => clock);
    throttle.note(refusal('192.0.2.7'));
    throttle.note(refusal('192.0.2.8'));
    expect(throttle.trackedAddresses()).toBe(2);
    clock += 5_000;
    throttle.drain();
    expect(throttle.trackedAddresses()).toBe(0);
  });
});
