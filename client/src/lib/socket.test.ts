import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectSocket, disconnectSocket, emitWithAck, getConnectionState, getSocket } from './socket';
import { FakeSocket } from '../test/fake-socket';
import { buildUser } from '../test/factories';

afterEach(() => disconnectSocket());

function open() {
  const fake = new FakeSocket();
  const onSessionEnded = vi.fn();
  connectSocket({ onSessionEnded, create: () => fake.asSocket() });
  return { fake, onSessionEnded };
}

describe('socket client', () => {
  it('opens one connection and tracks its state', () => {
    const { fake } = open();
    expect(getConnectionState()).toBe('connected');
    expect(connectSocket({ onSessionEnded: vi.fn(), create: () => new FakeSocket().asSocket() })).toBe(fake);

    fake.connected = false;
    fake.serverEmit('disconnect', 'transport close');
    expect(getConnectionState()).toBe('reconnecting');

    fake.serverEmit('connect');
    expect(getConnectionState()).toBe('connected');

    fake.active = false;
    fake.serverEmit('connect_error', new Error('refused'));
    expect(getConnectionState()).toBe('disconnected');
  });

  it('closes on sign-out', () => {
    open();
    disconnectSocket();
    expect(getSocket()).toBeNull();
    expect(getConnectionState()).toBe('disconnected');
  });

  it('ends the session when the server says so, with its reason', () => {
    const { fake, onSessionEnded } = open();
    fake.serverEmit('session:ended', { reason: 'suspended' });
    expect(onSessionEnded).toHaveBeenCalledWith('suspended');
    expect(getSocket()).toBeNull();
  });

  it('treats a malformed session:ended payload as an expiry (it still ends the session)', () => {
    const { fake, onSessionEnded } = open();
    fake.serverEmit('session:ended', { reason: 'because' });
    expect(onSessionEnded).toHaveBeenCalledWith('expired');
  });

  it('passes account updates on, and ignores malformed ones', () => {
    const fake = new FakeSocket();
    const onAccountUpdated = vi.fn();
    connectSocket({ onSessionEnded: vi.fn(), onAccountUpdated, create: () => fake.asSocket() });
    const user = buildUser({ role: 'moderator' });
    fake.serverEmit('account:updated', user);
    expect(onAccountUpdated).toHaveBeenCalledWith(user);
    fake.serverEmit('account:updated', { ...user, role: 'emperor' });
    expect(onAccountUpdated).toHaveBeenCalledTimes(1);
  });

  it('emitWithAck resolves with the typed ack, and with an error ack when none arrives', async () => {
    const { fake } = open();
    fake.respond = () => ({ ok: true, serverTime: '2025-03-09T16:30:00.000Z' });
    const ack = await emitWithAck('system:ping', {});
    expect(ack).toEqual({ ok: true, serverTime: '2025-03-09T16:30:00.000Z' });
    expect(fake.emitted).toEqual([{ event: 'system:ping', payload: {} }]);

    fake.answers = false;
    const timedOut = await emitWithAck('system:ping', {});
    expect(timedOut).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('emitWithAck without a connection fails fast', async () => {
    expect(await emitWithAck('system:ping', {})).toMatchObject({
      ok: false,
      error: { code: 'SERVICE_UNAVAILABLE' },
    });
  });
});
