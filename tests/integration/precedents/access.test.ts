import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precedentRoutes, type Question } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { signIn, type Member } from '../../helpers/channels';
import type { HttpResult } from '../../helpers/http';
import { accept, answer, ask } from '../../helpers/precedents';

/**
 * SECURITY row 10 for the precedent desk: every role × every question-scoped route × (network
 * question, question for chosen countries, resolved question), against a deny-by-default table.
 */
const ROLES = [
  'asker',
  'inAudience',
  'outsideAudience',
  'answerer',
  'moderator',
  'admin',
  'observer',
] as const;
type Role = (typeof ROLES)[number];
type Kind = 'network' | 'countries' | 'resolved';

interface Row {
  name: string;
  /** Who succeeds, per kind of question. */
  allowed: Record<Kind, readonly Role[]>;
  run(member: Member, fixture: Fixture): Promise<HttpResult>;
}

interface Fixture {
  question: Question;
  answerId: string;
}

const EVERYONE_BUT_OBSERVER: Role[] = [
  'asker',
  'inAudience',
  'outsideAudience',
  'answerer',
  'moderator',
  'admin',
];
const IN_COUNTRIES: Role[] = ['asker', 'inAudience', 'answerer', 'moderator', 'admin'];
const MODERATORS: Role[] = ['moderator', 'admin'];
const same = (roles: readonly Role[]): Record<Kind, readonly Role[]> => ({
  network: roles,
  countries: roles,
  resolved: roles,
});
const readers = (roles: readonly Role[]): Record<Kind, readonly Role[]> => ({
  network: roles.filter((role) => role !== 'observer'),
  countries: roles.filter((role) => role !== 'observer' && role !== 'outsideAudience'),
  resolved: roles,
});
const ALL: Role[] = [...ROLES];

const ROWS: Row[] = [
  {
    name: 'read',
    allowed: readers(ALL),
    run: (member, { question }) => member.client.call(precedentRoutes.get, { params: { id: question.id } }),
  },
  {
    name: 'answer',
    allowed: {
      network: EVERYONE_BUT_OBSERVER.filter((role) => role !== 'asker'),
      countries: IN_COUNTRIES.filter((role) => role !== 'asker'),
      resolved: EVERYONE_BUT_OBSERVER.filter((role) => role !== 'asker'),
    },
    run: (member, { question }) =>
      member.client.call(precedentRoutes.answer, {
        params: { id: question.id },
        body: { clientRequestId: randomUUID(), body: 'A matrix answer for the table.' },
      }),
  },
  {
    name: 'comment',
    allowed: { network: EVERYONE_BUT_OBSERVER, countries: IN_COUNTRIES, resolved: EVERYONE_BUT_OBSERVER },
    run: (member, { question, answerId }) =>
      member.client.call(precedentRoutes.comment, {
        params: { id: question.id, answerId },
        body: { clientRequestId: randomUUID(), body: 'Matrix follow-up' },
      }),
  },
  {
    name: 'accept',
    allowed: same(['asker', 'moderator', 'admin']),
    run: (member, { question, answerId }) =>
      member.client.call(precedentRoutes.setAccepted, {
        params: { id: question.id, answerId },
        body: { accepted: true },
      }),
  },
  {
    name: 'helpful',
    allowed: {
      network: EVERYONE_BUT_OBSERVER.filter((role) => role !== 'answerer'),
      countries: IN_COUNTRIES.filter((role) => role !== 'answerer'),
      resolved: EVERYONE_BUT_OBSERVER.filter((role) => role !== 'answerer'),
    },
    run: (member, { question, answerId }) =>
      member.client.call(precedentRoutes.setHelpful, {
        params: { id: question.id, answerId },
        body: { helpful: true },
      }),
  },
  {
    name: 'edit the question',
    allowed: same(['asker']),
    run: (member, { question }) =>
      member.client.call(precedentRoutes.update, {
        params: { id: question.id },
        body: { urgency: 'this_week' },
      }),
  },
  {
    name: 'start the summary',
    allowed: { network: EVERYONE_BUT_OBSERVER, countries: IN_COUNTRIES, resolved: EVERYONE_BUT_OBSERVER },
    run: (member, { question }) =>
      member.client.call(precedentRoutes.startSummary, { params: { id: question.id } }),
  },
  {
    name: 'export',
    allowed: readers(ALL),
    run: (member, { question }) =>
      member.client.call(precedentRoutes.exportQuestion, {
        params: { id: question.id },
        query: { format: 'md' },
      }),
  },
  {
    name: 'report',
    allowed: readers(ALL),
    run: (member, { question, answerId }) =>
      member.client.call(precedentRoutes.report, {
        params: { id: question.id },
        body: { target: { type: 'answer', id: answerId }, reason: 'off_topic' },
      }),
  },
  {
    name: 'hide an answer',
    allowed: same(MODERATORS),
    run: (member, { question, answerId }) =>
      member.client.call(precedentRoutes.hide, {
        params: { id: question.id },
        body: { target: { type: 'answer', id: answerId }, reason: 'Matrix check' },
      }),
  },
  {
    name: 'lock',
    allowed: same(MODERATORS),
    run: (member, { question }) =>
      member.client.call(precedentRoutes.lock, {
        params: { id: question.id },
        body: { locked: false, reason: 'Matrix check' },
      }),
  },
  {
    name: 'move',
    allowed: same(MODERATORS),
    run: (member, { question }) =>
      member.client.call(precedentRoutes.move, {
        params: { id: question.id },
        body: { topics: question.topics, jurisdictions: question.jurisdictions, reason: 'Matrix check' },
      }),
  },
  {
    name: 'close',
    allowed: same(MODERATORS),
    run: (member, { question }) =>
      member.client.call(precedentRoutes.close, {
        params: { id: question.id },
        body: { reason: 'Matrix check' },
      }),
  },
];

describe('precedent desk access matrix', () => {
  let app: TestApp;
  const members = new Map<Role, Member>();
  const m = (role: Role): Member => {
    const member = members.get(role);
    if (!member) throw new Error(`no ${role}`);
    return member;
  };

  beforeAll(async () => {
    app = await startApp();
    const setup: Record<Role, Parameters<typeof signIn>[1]> = {
      asker: { country: 'PH' },
      inAudience: { country: 'MY' },
      outsideAudience: { country: 'TH' },
      answerer: { country: 'MY' },
      moderator: { role: 'moderator', country: 'SG' },
      admin: { role: 'admin', country: 'ID' },
      observer: { role: 'observer', country: 'UNODC' },
    };
    for (const role of ROLES)
      members.set(role, await signIn(app, { ...setup[role], displayName: `Matrix ${role}` }));
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A fresh question of the kind, with one answer by the answerer: cells never share state. */
  async function fixture(kind: Kind): Promise<Fixture> {
    const question = await ask(m('asker'), {
      audience: kind === 'countries' ? { kind: 'countries', countries: ['PH', 'MY'] } : { kind: 'network' },
    });
    const reply = await answer(m('answerer'), question.id);
    if (kind === 'resolved') await accept(m('asker'), question.id, reply.id);
    return { question, answerId: reply.id };
  }

  for (const row of ROWS) {
    for (const kind of ['network', 'countries', 'resolved'] as const) {
      it(`${row.name} on a ${kind} question: ${row.allowed[kind].join(', ')} only`, async () => {
        const failures: string[] = [];
        for (const role of ROLES) {
          const result = await row.run(m(role), await fixture(kind));
          const allowed = result.status < 400;
          const expected = row.allowed[kind].includes(role);
          if (allowed !== expected) {
            const code = (result.body as { error?: { code?: string } } | null)?.error?.code ?? '';
            failures.push(
              `${role}: expected ${expected ? 'allowed' : 'refused'}, got ${result.status} ${code}`,
            );
          }
          // A question one may not read is indistinguishable from one that does not exist.
          if (!readers(ALL)[kind].includes(role) && result.status !== 404) {
            failures.push(`${role}: a question they cannot read answered ${result.status}, not 404`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  }

  it('only contributors upload judgment excerpts', async () => {
    for (const role of ROLES) {
      const result = await m(role).client.request('POST', '/api/precedents/files?fileName=note.txt', {
        rawBody: 'Judgment excerpt',
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(result.status, role).toBe(role === 'observer' ? 403 : 201);
    }
  });

  it('moderators alone see the queue, the log and the overdue list', async () => {
    for (const role of ROLES) {
      const expected = MODERATORS.includes(role) ? 200 : 403;
      expect((await m(role).client.call(precedentRoutes.reports, { query: {} })).status, role).toBe(expected);
      expect((await m(role).client.call(precedentRoutes.moderationLog, { query: {} })).status, role).toBe(
        expected,
      );
      expect(
        (await m(role).client.call(precedentRoutes.list, { query: { view: 'overdue' } })).status,
        role,
      ).toBe(expected);
    }
  });
});
