import { rooms } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import type { Actor } from '../../policy/actor';
import { caseThreadAccess, type CaseThreadAccess } from '../../policy/cases';
import type { CasesRepo } from './repo';

/** How a case shows up next to its thread (mirrors the threads feature's container info). */
export interface CaseContainerInfo {
  name: string;
  country: null;
  archived: boolean;
}

/**
 * The `case` thread container (seam 2): one discussion thread per case, decided by the case team.
 * Registered in app.ts (`threads.containers.register('case', cases.threadContainer)`); the thread
 * itself is opened by the case (see `ensureDiscussion` in service.ts).
 */
export function createCaseThreadContainer(repo: CasesRepo) {
  const isId = (id: string) => /^[a-f0-9]{24}$/.test(id);
  return {
    async access(actor: Actor, caseId: string): Promise<CaseThreadAccess> {
      if (!isId(caseId)) return caseThreadAccess(actor, null);
      const [doc, member] = await Promise.all([
        repo.cases.findById(toObjectId(caseId)),
        repo.members.find(toObjectId(caseId), toObjectId(actor.userId)),
      ]);
      return caseThreadAccess(actor, doc ? { status: doc.status, role: member?.role ?? null } : null);
    },
    /** Everyone on the team reads the discussion (one lookup for all, asked on every message's fan-out). */
    async readersAmong(caseId: string, actors: readonly Actor[]): Promise<ReadonlySet<string>> {
      if (!isId(caseId) || actors.length === 0) return new Set();
      const doc = await repo.cases.findById(toObjectId(caseId));
      if (!doc) return new Set();
      const team = new Map(
        (await repo.members.list(doc._id)).map((member) => [member.userId.toHexString(), member.role]),
      );
      return new Set(
        actors
          .filter(
            (actor) =>
              caseThreadAccess(actor, { status: doc.status, role: team.get(actor.userId) ?? null }).read,
          )
          .map((actor) => actor.userId),
      );
    },
    room(caseId: string): string {
      return rooms.case(caseId);
    },
    async readableIds(actor: Actor): Promise<readonly string[]> {
      const memberships = await repo.members.forUser(toObjectId(actor.userId));
      return memberships.map((member) => member.caseId.toHexString());
    },
    async describe(caseIds: readonly string[]): Promise<ReadonlyMap<string, CaseContainerInfo>> {
      const docs = await repo.cases.findByIds(caseIds.filter(isId).map(toObjectId));
      return new Map(
        docs.map((doc) => [
          doc._id.toHexString(),
          { name: doc.title, country: null, archived: doc.status === 'closed' },
        ]),
      );
    },
    auditCaseId(caseId: string): string | null {
      return isId(caseId) ? caseId : null;
    },
    async unreadSince(actor: Actor, caseId: string): Promise<Date | null> {
      if (!isId(caseId)) return null;
      const member = await repo.members.find(toObjectId(caseId), toObjectId(actor.userId));
      return member?.addedAt ?? null;
    },
    async moderatorIds(caseId: string): Promise<readonly string[]> {
      if (!isId(caseId)) return [];
      const members = await repo.members.list(toObjectId(caseId));
      return members.filter((member) => member.role === 'lead').map((member) => member.userId.toHexString());
    },
  };
}

export type CaseThreadContainer = ReturnType<typeof createCaseThreadContainer>;
