import { ObjectId } from 'mongodb';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { GLOBAL_ROLES, type Audience, type QuestionStatus } from '@serantau/shared';
import { scopeFilter } from '../modules/precedents/repo';
import type { Actor } from './actor';
import { canMarkHelpful, decideQuestion, readableScope, type QuestionFacts } from './precedents';

const ASKER = new ObjectId().toHexString();

function actor(role: Actor['role'], country: Actor['country'], userId = new ObjectId().toHexString()): Actor {
  return { userId, sessionId: 's', displayName: role, role, country, agencyId: null };
}

const AUDIENCES: Audience[] = [
  { kind: 'network' },
  { kind: 'experts' },
  { kind: 'countries', countries: ['MY', 'PH'] },
];
const STATUSES: QuestionStatus[] = ['open', 'answered', 'resolved', 'closed'];

describe('precedent desk policy', () => {
  it('list and search queries select exactly the questions decideQuestion lets the reader read', () => {
    // Every role × country × setting × audience × status × hidden × own: the query form of the
    // rules (scopeFilter, evaluated by mingo as the database would) must agree with the decision.
    const mismatches: string[] = [];
    for (const role of GLOBAL_ROLES) {
      for (const country of ['MY', 'TH', 'UNODC'] as const) {
        for (const observersMayContribute of [false, true]) {
          for (const own of [false, true]) {
            const reader = actor(role, country, own ? ASKER : undefined);
            const settings = { observersMayContribute };
            const query = new Query(scopeFilter(readableScope(reader, settings)) as Record<string, unknown>);
            for (const audience of AUDIENCES) {
              for (const status of STATUSES) {
                for (const hidden of [false, true]) {
                  const facts: QuestionFacts = { authorId: ASKER, audience, status, locked: false, hidden };
                  const stored = {
                    author: { id: new ObjectId(ASKER) },
                    audience,
                    status,
                    hidden: hidden ? { reason: 'x' } : null,
                  };
                  const decided = decideQuestion(reader, facts, settings).read;
                  if (query.test(stored) !== decided) {
                    mismatches.push(
                      `${role}/${country}/${observersMayContribute}/${own ? 'own' : 'other'}/${audience.kind}/${status}/${hidden}: decided ${decided}`,
                    );
                  }
                }
              }
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('observers read resolved network questions only, unless the network lets them contribute', () => {
    const observer = actor('observer', 'UNODC');
    const facts = (status: QuestionStatus): QuestionFacts => ({
      authorId: ASKER,
      audience: { kind: 'network' },
      status,
      locked: false,
      hidden: false,
    });
    expect(decideQuestion(observer, facts('open'), { observersMayContribute: false }).read).toBe(false);
    const resolved = decideQuestion(observer, facts('resolved'), { observersMayContribute: false });
    expect(resolved).toMatchObject({ read: true, answer: false, comment: false, editSummary: false });
    const allowed = decideQuestion(observer, facts('open'), { observersMayContribute: true });
    expect(allowed).toMatchObject({ read: true, answer: true, comment: true });
  });

  it('the asker accepts and edits, never answers; others never see who asked unless they moderate', () => {
    const facts: QuestionFacts = {
      authorId: ASKER,
      audience: { kind: 'network' },
      status: 'answered',
      locked: false,
      hidden: false,
    };
    const settings = { observersMayContribute: false };
    expect(decideQuestion(actor('member', 'PH', ASKER), facts, settings)).toMatchObject({
      answer: false,
      accept: true,
      edit: true,
      seeAuthor: true,
    });
    expect(decideQuestion(actor('member', 'MY'), facts, settings)).toMatchObject({
      answer: true,
      accept: false,
      seeAuthor: false,
    });
    expect(decideQuestion(actor('moderator', 'SG'), facts, settings)).toMatchObject({
      accept: true,
      moderate: true,
      seeAuthor: true,
    });
  });

  it('locked and closed questions take no answers; closed ones no acceptance either', () => {
    const settings = { observersMayContribute: false };
    const member = actor('member', 'MY');
    const base: QuestionFacts = {
      authorId: ASKER,
      audience: { kind: 'network' },
      status: 'open',
      locked: false,
      hidden: false,
    };
    expect(decideQuestion(member, { ...base, locked: true }, settings)).toMatchObject({
      answer: false,
      comment: false,
    });
    const asker = actor('member', 'PH', ASKER);
    expect(decideQuestion(asker, { ...base, locked: true }, settings).accept).toBe(true);
    expect(decideQuestion(asker, { ...base, status: 'closed' }, settings).accept).toBe(false);
  });

  it('nobody marks their own answer helpful', () => {
    const member = actor('member', 'MY');
    const decision = decideQuestion(
      member,
      { authorId: ASKER, audience: { kind: 'network' }, status: 'open', locked: false, hidden: false },
      { observersMayContribute: false },
    );
    expect(canMarkHelpful(decision, member, member.userId)).toBe(false);
    expect(canMarkHelpful(decision, member, ASKER)).toBe(true);
  });
});
