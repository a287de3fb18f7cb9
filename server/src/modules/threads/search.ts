import type { Filter } from 'mongodb';
import { SearchQuerySchema, type SearchHit, type SearchQuery } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import type { Actor } from '../../policy/actor';
import { containerKey, parseContainerKey, type ThreadContainerRegistry } from './containers';
import type { MessageDoc, ThreadDoc, ThreadsRepo } from './repo';
import { matchRanges, plainText, queryTerms, snippet } from './text';

/**
 * Full-text search over threads (title, tags) and messages (body). What the actor may read is
 * part of the query itself (container keys), so a result limit never hides the fact that unreadable
 * matches were dropped afterwards — they were never fetched.
 */
export function createSearchService(deps: { repo: ThreadsRepo; containers: ThreadContainerRegistry }) {
  return {
    async search(actor: Actor, input: SearchQuery): Promise<SearchHit[]> {
      const query = SearchQuerySchema.parse(input);
      const type = query.containerType ?? (query.containerId ? 'channel' : undefined);
      let keys = await deps.containers.readableKeys(actor, type);
      if (query.containerId && type) {
        const wanted = containerKey({ type, id: query.containerId });
        keys = keys.filter((key) => key === wanted);
      }
      if (keys.length === 0) return [];
      const infos = await deps.containers.describe(keys.flatMap((key) => parseContainerKey(key) ?? []));

      const common: Record<string, unknown> = {};
      if (query.authorId) common.authorId = toObjectId(query.authorId);
      if (query.from || query.to) {
        common.createdAt = {
          ...(query.from ? { $gte: new Date(query.from) } : {}),
          ...(query.to ? { $lte: new Date(query.to) } : {}),
        };
      }
      let countryClause: Record<string, unknown> | null = null;
      if (query.country) {
        const countryKeys = keys.filter((key) => infos.get(key)?.country === query.country);
        countryClause = { $or: [{ authorCountry: query.country }, { containerKey: { $in: countryKeys } }] };
      }
      const text = { $search: query.q };
      const messageFilter = {
        $text: text,
        containerKey: { $in: keys },
        deletedAt: null,
        hidden: null,
        ...common,
        ...(countryClause ?? {}),
      } as Filter<MessageDoc>;
      const threadFilter = {
        $text: text,
        containerKey: { $in: keys },
        ...common,
        ...(countryClause ?? {}),
      } as Filter<ThreadDoc>;

      const [messageHits, threadHits] = await Promise.all([
        deps.repo.messages.search(messageFilter, query.limit),
        deps.repo.threads.search(threadFilter, query.limit),
      ]);
      // A message's thread must sit in the same container (a move cut short would disagree).
      const threadsOfMessages = await deps.repo.threads.findByIds(messageHits.map((hit) => hit.threadId));
      const threadById = new Map(
        [...threadsOfMessages, ...threadHits].map((thread) => [thread._id.toHexString(), thread]),
      );
      const terms = queryTerms(query.q);
      const hits: SearchHit[] = [];
      for (const thread of threadHits) {
        const ref = parseContainerKey(thread.containerKey);
        if (!ref) continue;
        hits.push({
          kind: 'thread',
          container: ref,
          containerName: infos.get(thread.containerKey)?.name ?? '',
          threadId: thread._id.toHexString(),
          threadTitle: { text: thread.title, ranges: matchRanges(thread.title, terms) },
          messageId: null,
          seq: null,
          author: {
            id: thread.authorId.toHexString(),
            displayName: thread.authorName,
            country: thread.authorCountry,
          },
          snippet: snippet(thread.excerpt ?? '', terms),
          createdAt: thread.createdAt.toISOString(),
          score: thread.score,
        });
      }
      for (const message of messageHits) {
        const thread = threadById.get(message.threadId.toHexString());
        const ref = parseContainerKey(message.containerKey);
        if (!thread || !ref || thread.containerKey !== message.containerKey) continue;
        const names = new Map(
          message.mentions.users.map((user) => [user.id.toHexString(), user.displayName]),
        );
        hits.push({
          kind: 'message',
          container: ref,
          containerName: infos.get(message.containerKey)?.name ?? '',
          threadId: thread._id.toHexString(),
          threadTitle: { text: thread.title, ranges: matchRanges(thread.title, terms) },
          messageId: message._id.toHexString(),
          seq: message.seq,
          author: {
            id: message.authorId.toHexString(),
            displayName: message.authorName,
            country: message.authorCountry,
          },
          snippet: snippet(plainText(message.body, names), terms),
          createdAt: message.createdAt.toISOString(),
          score: message.score,
        });
      }
      hits.sort((a, b) => b.score - a.score || b.createdAt.localeCompare(a.createdAt));
      return hits.slice(0, query.limit);
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
