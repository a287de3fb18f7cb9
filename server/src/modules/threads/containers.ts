import type {
  ContainerRef,
  JurisdictionCode,
  NotificationLevel,
  ThreadContainerType,
} from '@serantau/shared';
import type { Actor } from '../../policy/actor';
import type { ContainerDecision } from '../../policy/threads';

/** How a container shows up next to its threads (headers, search results, the inbox). */
export interface ContainerInfo {
  name: string;
  /** A country channel's country; null for containers that belong to no country. */
  country: JurisdictionCode | null;
  archived: boolean;
}

export interface NotificationPreference {
  level: NotificationLevel;
  muted: boolean;
}

/**
 * What a feature supplies to host threads (seam 2). Threads, messages, live delivery, unread state,
 * following, moderation, search and attachments then work in its containers without the feature
 * touching the threads module's collections. Everything is keyed by the container's id.
 */
export interface ThreadContainerDefinition {
  /** What the actor may do: all false when the container does not exist or is not theirs to see. */
  access(actor: Actor, containerId: string): Promise<ContainerDecision>;
  /**
   * Which of these members can read the container, decided together (one lookup for many people:
   * notifications and mentions ask this on every message). Optional: per-member `access` otherwise.
   */
  readersAmong?(containerId: string, actors: readonly Actor[]): Promise<ReadonlySet<string>>;
  /** The Socket.IO room for container-wide events (new threads and messages, presence). */
  room(containerId: string): string;
  /** Ids of the containers of this type the actor can read; search and the inbox filter by them in the query. */
  readableIds(actor: Actor): Promise<readonly string[]>;
  describe(containerIds: readonly string[]): Promise<ReadonlyMap<string, ContainerInfo>>;
  /** The case an entry belongs to, for the audit log (cases); null elsewhere. */
  auditCaseId?(containerId: string): string | null;
  /** Members' notification settings here; members without an entry get `mentions`. */
  notificationPreferences?(
    containerId: string,
    userIds: readonly string[],
  ): Promise<ReadonlyMap<string, NotificationPreference>>;
  /** Who hears about every new thread (notification level `all`). */
  subscribersToAll?(containerId: string): Promise<readonly string[]>;
  /** When the actor's unread counting starts (they joined); null counts the whole history. */
  unreadSince?(actor: Actor, containerId: string): Promise<Date | null>;
  /** Who is told of new reports: the container's own moderators. */
  moderatorIds?(containerId: string): Promise<readonly string[]>;
}

export const NO_ACCESS: ContainerDecision = {
  read: false,
  startThread: false,
  post: false,
  react: false,
  report: false,
  moderate: false,
  archived: false,
};

/** `channel:<id>`: one string to index and filter by, for any container. */
export function containerKey(ref: ContainerRef): string {
  return `${ref.type}:${ref.id}`;
}

export function parseContainerKey(key: string): ContainerRef | null {
  const [type, id] = key.split(':');
  if ((type !== 'channel' && type !== 'case' && type !== 'question') || !id || !/^[a-f0-9]{24}$/.test(id))
    return null;
  return { type, id };
}

/** The registry of container types. Features register at start (app.ts); unknown types deny everything. */
export function createThreadContainerRegistry() {
  const definitions = new Map<ThreadContainerType, ThreadContainerDefinition>();

  function definitionOf(type: ThreadContainerType): ThreadContainerDefinition | undefined {
    return definitions.get(type);
  }

  return {
    register(type: ThreadContainerType, definition: ThreadContainerDefinition): void {
      if (definitions.has(type)) throw new Error(`thread container type ${type} is already registered`);
      definitions.set(type, definition);
    },

    isRegistered(type: ThreadContainerType): boolean {
      return definitions.has(type);
    },

    async access(actor: Actor, ref: ContainerRef): Promise<ContainerDecision> {
      const definition = definitionOf(ref.type);
      return definition ? definition.access(actor, ref.id) : NO_ACCESS;
    },

    /** User ids among `actors` who can read the container. */
    async readersAmong(ref: ContainerRef, actors: readonly Actor[]): Promise<Set<string>> {
      const definition = definitionOf(ref.type);
      if (!definition || actors.length === 0) return new Set();
      if (definition.readersAmong) return new Set(await definition.readersAmong(ref.id, actors));
      const allowed = new Set<string>();
      await Promise.all(
        actors.map(async (actor) => {
          if ((await definition.access(actor, ref.id)).read) allowed.add(actor.userId);
        }),
      );
      return allowed;
    },

    room(ref: ContainerRef): string | null {
      return definitionOf(ref.type)?.room(ref.id) ?? null;
    },

    /** Keys (`type:id`) of every container the actor can read, across all registered types. */
    async readableKeys(actor: Actor, onlyType?: ThreadContainerType): Promise<string[]> {
      const keys: string[] = [];
      for (const [type, definition] of definitions) {
        if (onlyType && type !== onlyType) continue;
        for (const id of await definition.readableIds(actor)) keys.push(containerKey({ type, id }));
      }
      return keys;
    },

    async describe(refs: readonly ContainerRef[]): Promise<Map<string, ContainerInfo>> {
      const byType = new Map<ThreadContainerType, string[]>();
      for (const ref of refs) byType.set(ref.type, [...(byType.get(ref.type) ?? []), ref.id]);
      const out = new Map<string, ContainerInfo>();
      for (const [type, ids] of byType) {
        const definition = definitionOf(type);
        if (!definition) continue;
        const infos = await definition.describe([...new Set(ids)]);
        for (const [id, info] of infos) out.set(containerKey({ type, id }), info);
      }
      return out;
    },

    auditCaseId(ref: ContainerRef): string | null {
      return definitionOf(ref.type)?.auditCaseId?.(ref.id) ?? null;
    },

    async notificationPreferences(
      ref: ContainerRef,
      userIds: readonly string[],
    ): Promise<ReadonlyMap<string, NotificationPreference>> {
      const definition = definitionOf(ref.type);
      if (!definition?.notificationPreferences || userIds.length === 0) return new Map();
      return definition.notificationPreferences(ref.id, userIds);
    },

    async subscribersToAll(ref: ContainerRef): Promise<readonly string[]> {
      return (await definitionOf(ref.type)?.subscribersToAll?.(ref.id)) ?? [];
    },

    async unreadSince(actor: Actor, ref: ContainerRef): Promise<Date | null> {
      return (await definitionOf(ref.type)?.unreadSince?.(actor, ref.id)) ?? null;
    },

    async moderatorIds(ref: ContainerRef): Promise<readonly string[]> {
      return (await definitionOf(ref.type)?.moderatorIds?.(ref.id)) ?? [];
    },
  };
}

export type ThreadContainerRegistry = ReturnType<typeof createThreadContainerRegistry>;
