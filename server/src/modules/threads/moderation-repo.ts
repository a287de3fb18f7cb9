import { ObjectId, type Db } from 'mongodb';
import type { ModerationAction, ReportAction, ReportReason, ReportStatus } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { isDuplicateKeyError } from '../../http/errors';
import type { StoredContainerRef } from './repo';

export interface StoredMute {
  userId: ObjectId;
  until: Date;
  reason: string;
  byName: string;
}

/** Per-container moderation settings, one document per container, read once per message sent. */
export interface ContainerModerationDoc {
  _id: string; // containerKey
  slowModeSeconds: number;
  mutes: StoredMute[];
  updatedAt: Date;
}

export interface ReportDoc {
  _id: ObjectId;
  containerKey: string;
  container: StoredContainerRef;
  threadId: ObjectId;
  messageId: ObjectId;
  reporterId: ObjectId;
  reporterName: string;
  reason: ReportReason;
  note: string;
  status: ReportStatus;
  createdAt: Date;
  resolution: { byId: ObjectId; byName: string; at: Date; action: ReportAction | null; note: string } | null;
}

export interface ModerationLogDoc {
  _id: ObjectId;
  containerKey: string;
  container: StoredContainerRef;
  action: ModerationAction;
  moderatorId: ObjectId;
  moderatorName: string;
  target: { type: string; id: string; label: string | null };
  reason: string | null;
  details: Record<string, string | number | boolean | null>;
  at: Date;
}

/** When a member last posted in a container: slow mode compares against it atomically. */
interface PostClockDoc {
  _id: string; // containerKey + '|' + userId
  lastPostAt: Date;
}

export const moderationIndexes: CollectionIndexes[] = [
  {
    collection: 'reports',
    indexes: [
      { key: { containerKey: 1, status: 1, createdAt: -1 }, name: 'by_container_status' },
      // One open report per member and message: reporting twice does not flood the queue.
      {
        key: { messageId: 1, reporterId: 1, status: 1 },
        name: 'one_open_report_per_reporter',
        unique: true,
        partialFilterExpression: { status: 'open' },
      },
    ],
  },
  {
    collection: 'moderation_actions',
    indexes: [{ key: { containerKey: 1, at: -1 }, name: 'by_container_time' }],
  },
  { collection: 'container_moderation', indexes: [] },
  { collection: 'post_clocks', indexes: [] },
];

export function createModerationRepo(db: Db) {
  const settings = db.collection<ContainerModerationDoc>('container_moderation');
  const reports = db.collection<ReportDoc>('reports');
  const log = db.collection<ModerationLogDoc>('moderation_actions');
  const clocks = db.collection<PostClockDoc>('post_clocks');

  return {
    settings: {
      async get(key: string): Promise<ContainerModerationDoc> {
        return (
          (await settings.findOne({ _id: key })) ?? {
            _id: key,
            slowModeSeconds: 0,
            mutes: [],
            updatedAt: new Date(0),
          }
        );
      },

      async setSlowMode(key: string, seconds: number): Promise<ContainerModerationDoc> {
        const doc = await settings.findOneAndUpdate(
          { _id: key },
          { $set: { slowModeSeconds: seconds, updatedAt: new Date() }, $setOnInsert: { mutes: [] } },
          { upsert: true, returnDocument: 'after' },
        );
        if (!doc) throw new Error('slow mode upsert returned nothing');
        return doc;
      },

      /** Replaces the member's mute (and drops expired ones so the list stays short). */
      async mute(key: string, mute: StoredMute, now: Date): Promise<void> {
        await settings.updateOne(
          { _id: key },
          {
            $setOnInsert: { slowModeSeconds: 0 },
            $set: { updatedAt: now },
            $pull: { mutes: { userId: mute.userId } },
          },
          { upsert: true },
        );
        await settings.updateOne({ _id: key }, { $pull: { mutes: { until: { $lte: now } } } });
        await settings.updateOne({ _id: key }, { $push: { mutes: mute } });
      },

      async unmute(key: string, userId: ObjectId): Promise<boolean> {
        const result = await settings.updateOne(
          { _id: key, 'mutes.userId': userId },
          { $pull: { mutes: { userId } }, $set: { updatedAt: new Date() } },
        );
        return result.modifiedCount === 1;
      },
    },

    clocks: {
      /**
       * Records a post if the member's previous one is at least `intervalMs` old. One conditional
       * upsert decides it: two posts racing cannot both pass (the loser hits the unique _id).
       */
      async tryPost(key: string, userId: string, now: Date, intervalMs: number): Promise<Date | null> {
        const id = `${key}|${userId}`;
        const threshold = new Date(now.getTime() - intervalMs);
        try {
          await clocks.updateOne(
            { _id: id, lastPostAt: { $lte: threshold } },
            { $set: { lastPostAt: now } },
            { upsert: true },
          );
          return null;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const clock = await clocks.findOne({ _id: id });
          return clock?.lastPostAt ?? now;
        }
      },
    },

    reports: {
      /** False when this member already has an open report on this message. */
      async insert(report: Omit<ReportDoc, '_id'>): Promise<boolean> {
        try {
          await reports.insertOne({ ...report, _id: new ObjectId() });
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      },

      findById(id: ObjectId): Promise<ReportDoc | null> {
        return reports.findOne({ _id: id });
      },

      list(key: string, status: ReportStatus, before: { at: Date; id: ObjectId } | null, limit: number) {
        const filter = before
          ? {
              containerKey: key,
              status,
              $or: [{ createdAt: { $lt: before.at } }, { createdAt: before.at, _id: { $lt: before.id } }],
            }
          : { containerKey: key, status };
        return reports.find(filter, { sort: { createdAt: -1, _id: -1 }, limit }).toArray();
      },

      countOpen(key: string): Promise<number> {
        return reports.countDocuments({ containerKey: key, status: 'open' });
      },

      /** Closes an open report; null when it was already closed (by another moderator). */
      close(
        id: ObjectId,
        status: Exclude<ReportStatus, 'open'>,
        resolution: NonNullable<ReportDoc['resolution']>,
      ): Promise<ReportDoc | null> {
        return reports.findOneAndUpdate(
          { _id: id, status: 'open' },
          { $set: { status, resolution } },
          { returnDocument: 'after' },
        );
      },

      async moveThread(threadId: ObjectId, key: string, container: StoredContainerRef): Promise<void> {
        await reports.updateMany({ threadId }, { $set: { containerKey: key, container } });
      },
    },

    log: {
      async append(entry: Omit<ModerationLogDoc, '_id'>): Promise<ModerationLogDoc> {
        const doc = { ...entry, _id: new ObjectId() };
        await log.insertOne(doc);
        return doc;
      },

      list(key: string, before: { at: Date; id: ObjectId } | null, limit: number) {
        const filter = before
          ? {
              containerKey: key,
              $or: [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }],
            }
          : { containerKey: key };
        return log.find(filter, { sort: { at: -1, _id: -1 }, limit }).toArray();
      },
    },
  };
}

export type ModerationRepo = ReturnType<typeof createModerationRepo>;
