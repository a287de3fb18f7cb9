import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Message, ThreadDetail } from '@serantau/shared';
import { connectSocket, disconnectSocket } from '../../../lib/socket';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { renderRoutes, signInAs } from '../../../test/render';
import { ThreadPage } from './ThreadPage';

const channelId = buildId();
const threadId = buildId();

function buildThread(me: { lastReadSeq: number; unread: number }, lastSeq: number): ThreadDetail {
  return {
    id: threadId,
    container: { type: 'channel', id: channelId },
    title: 'Crew lists from the vessel',
    tags: [],
    author: { id: buildId(), displayName: 'Somchai Prasert', country: 'TH' },
    excerpt: null,
    pinned: false,
    locked: false,
    resolved: false,
    lastSeq,
    lastActivityAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    summaryDocumentId: null,
    me: { following: true, ...me },
    access: { read: true, startThread: true, post: true, react: true, report: true, moderate: false },
    containerName: '#labour-trafficking',
    slowModeSeconds: 0,
    mutedUntil: null,
  };
}

function buildMessage(seq: number, body = `message ${seq}`): Message {
  return {
    id: (0xabc000 + seq).toString(16).padStart(24, '0'),
    threadId,
    container: { type: 'channel', id: channelId },
    seq,
    clientMessageId: `client-${seq}-abcdef`,
    author: { id: 'f'.repeat(24), displayName: 'Lan', country: 'VN' },
    state: 'visible',
    body,
    mentions: [],
    replyTo: null,
    reactions: [],
    attachments: [],
    editedAt: null,
    editCount: 0,
    moderation: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
  };
}

function openThread(fake: FakeSocket, thread: ThreadDetail, page: Message[], hash = '') {
  signInAs({ displayName: 'Maria Santos' });
  const stub = stubApi({
    'GET /api/threads/:id': () => ({ body: thread }),
    'GET /api/threads/:id/messages': () => ({ body: { items: page, hasOlder: false, hasNewer: false } }),
  });
  connectSocket({ onSessionEnded: vi.fn(), create: () => fake.asSocket() });
  const view = renderRoutes(
    [{ path: '/channels/:channelId/threads/:threadId', element: <ThreadPage /> }],
    `/channels/${channelId}/threads/${threadId}${hash}`,
  );
  return { ...view, requests: stub.requests };
}

afterEach(() => disconnectSocket());

describe('the thread view', () => {
  it('shows history and live messages, and asks for what it missed when positions skip', async () => {
    const fake = new FakeSocket();
    const thread = buildThread({ lastReadSeq: 3, unread: 0 }, 3);
    fake.respond = (event, payload) => {
      if (event === 'thread:subscribe') return { ok: true, thread };
      if (event === 'thread:sync') {
        expect(payload).toMatchObject({ threadId, afterSeq: 3 });
        return {
          ok: true,
          messages: [buildMessage(4)],
          changed: [],
          hasMore: false,
          syncedAt: new Date().toISOString(),
          thread,
        };
      }
      return { ok: true, state: { following: true, lastReadSeq: 5, unread: 0 } };
    };
    openThread(fake, thread, [buildMessage(1), buildMessage(2), buildMessage(3)]);
    expect(await screen.findByText('message 3')).toBeTruthy();

    act(() => fake.serverEmit('message:created', { message: buildMessage(5) }));
    expect(await screen.findByText('message 5')).toBeTruthy();
    // 4 never came live: the gap is filled by catch-up, in order.
    expect(await screen.findByText('message 4')).toBeTruthy();
    const shown = [...document.querySelectorAll('article.message')].map((article) =>
      article.getAttribute('data-seq'),
    );
    expect(shown).toEqual(['1', '2', '3', '4', '5']);
  });

  it('opens at a linked message (search hit, notification)', async () => {
    const fake = new FakeSocket();
    const thread = buildThread({ lastReadSeq: 100, unread: 0 }, 100);
    fake.respond = (event) =>
      event === 'thread:subscribe' ? { ok: true, thread } : { ok: true, state: thread.me };
    const { requests } = openThread(fake, thread, [buildMessage(40), buildMessage(41)], '#seq-40');
    expect(await screen.findByText('message 40')).toBeTruthy();
    const queries = requests
      .filter((request) => request.url.pathname.endsWith('/messages'))
      .map((request) => Object.fromEntries(request.url.searchParams));
    expect(queries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ beforeSeq: '40' }),
        expect.objectContaining({ afterSeq: '39' }),
      ]),
    );
  });

  it('opens at the first unread message', async () => {
    const fake = new FakeSocket();
    const thread = buildThread({ lastReadSeq: 2, unread: 2 }, 4);
    fake.respond = (event) =>
      event === 'thread:subscribe' ? { ok: true, thread } : { ok: true, state: thread.me };
    openThread(fake, thread, [buildMessage(1), buildMessage(2), buildMessage(3), buildMessage(4)]);
    expect(await screen.findByRole('separator')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Jump to the first unread message' })).toBeTruthy();
  });

  it('queues what is written offline and sends it in order when the connection is back', async () => {
    const fake = new FakeSocket();
    const thread = buildThread({ lastReadSeq: 1, unread: 0 }, 1);
    let seq = 1;
    fake.respond = (event, payload) => {
      if (event === 'thread:subscribe') return { ok: true, thread };
      if (event === 'thread:sync')
        return {
          ok: true,
          messages: [],
          changed: [],
          hasMore: false,
          syncedAt: new Date().toISOString(),
          thread,
        };
      if (event === 'message:send') {
        seq += 1;
        return {
          ok: true,
          message: {
            ...buildMessage(seq, (payload as { body: string }).body),
            author: { id: 'me', displayName: 'Maria Santos', country: 'PH' },
          },
        };
      }
      return { ok: true, state: thread.me };
    };
    openThread(fake, thread, [buildMessage(1)]);
    await screen.findByText('message 1');

    fake.connected = false;
    const box = screen.getByRole('combobox', { name: 'Your reply' });
    for (const text of ['first offline note', 'second offline note']) {
      fireEvent.change(box, { target: { value: text } });
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    }
    expect(await screen.findAllByText('Sending…')).toHaveLength(2);
    expect(fake.emitted.filter((entry) => entry.event === 'message:send')).toHaveLength(0);
    expect(
      JSON.parse(
        localStorage.getItem(
          Object.keys(localStorage).find((key) => key.startsWith('serantau.outbox.')) ?? '',
        ) ?? '[]',
      ),
    ).toHaveLength(2);

    act(() => {
      fake.connected = true;
      fake.serverEmit('connect');
    });
    await waitFor(() => expect(screen.queryAllByText('Sending…')).toHaveLength(0));
    const sent = fake.emitted
      .filter((entry) => entry.event === 'message:send')
      .map((entry) => (entry.payload as { body: string }).body);
    expect(sent).toEqual(['first offline note', 'second offline note']);
    expect(await screen.findByText('second offline note')).toBeTruthy();
  });
});
