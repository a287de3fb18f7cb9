import { ObjectId, type Db, type Filter } from 'mongodb';
import type { ChannelKind, MemberStateCode, NotificationLevel } from '@serantau/shared';
import type { CollectionIndexes } from '../../db/database';
import { isDuplicateKeyError } from '../../http/errors';

export interface ChannelDoc {
  _id: ObjectId;
  name: string;
  /** Lower-cased name: names are unique regardless of case. */
  nameKey: string;
  description: string;
  kind: ChannelKind;
  country: MemberStateCode | null;
  observersMayPost: boolean;
  archived: boolean;
  archivedAt: Date | null;
  moderatorIds: ObjectId[];
  createdBy: ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A member's own record for a channel. For private channels it is the invitation itself (no record,
 * no access). Elsewhere it holds `joined`/`left` and preferences; announcement and country channels
 * count as joined without one.
 */
export interface ChannelMemberDoc {
  _id: ObjectId;
  channelId: ObjectId;
  userId: ObjectId;
  state: 'joined' | 'left';
  notificationLevel: NotificationLevel;
  muted: boolean;
  /** When unread counting starts for this member. */
  joinedAt: Date | null;
  addedBy: ObjectId | null;
  updatedAt: Date;
}

export const channelIndexes: CollectionIndexes[] = [
  {
    collection: 'channels',
    indexes: [
      { key: { nameKey: 1 }, name: 'name_unique', unique: true },
      { key: { kind: 1, country: 1 }, name: 'by_kind_country' },
      { key: { moderatorIds: 1 }, name: 'by_moderator' },
    ],
  },
  {
    collection: 'channel_members',
    indexes: [
      { key: { channelId: 1, userId: 1 }, name: 'channel_user_unique', unique: true },
      { key: { userId: 1, state: 1 }, name: 'by_user_state' },
      { key: { channelId: 1, state: 1, notificationLevel: 1 }, name: 'by_channel_level' },
    ],
  },
];

export type NewChannel = Omit<
  ChannelDoc,
  '_id' | 'nameKey' | 'createdAt' | 'updatedAt' | 'archived' | 'archivedAt'
>;

export function createChannelsRepo(db: Db) {
  const channels = db.collection<ChannelDoc>('channels');
  const members = db.collection<ChannelMemberDoc>('channel_members');

  return {
    channels: {
      /** Throws the driver's duplicate-key error when the name is taken. */
      async insert(channel: NewChannel): Promise<ChannelDoc> {
        const now = new Date();
        const doc: ChannelDoc = {
          ...channel,
          _id: new ObjectId(),
          nameKey: channel.name.toLowerCase(),
          archived: false,
          archivedAt: null,
          createdAt: now,
          updatedAt: now,
        };
        await channels.insertOne(doc);
        return doc;
      },

      findById(id: ObjectId): Promise<ChannelDoc | null> {
        return channels.findOne({ _id: id });
      },

      findByIds(ids: readonly ObjectId[]): Promise<ChannelDoc[]> {
        if (ids.length === 0) return Promise.resolve([]);
        return channels.find({ _id: { $in: [...ids] } }).toArray();
      },

      findByName(name: string): Promise<ChannelDoc | null> {
        return channels.findOne({ nameKey: name.toLowerCase() });
      },

      find(filter: Filter<ChannelDoc>): Promise<ChannelDoc[]> {
        return channels.find(filter, { sort: { nameKey: 1 } }).toArray();
      },

      update(
        id: ObjectId,
        changes: Partial<Omit<ChannelDoc, '_id' | 'createdAt'>>,
      ): Promise<ChannelDoc | null> {
        const set =
          changes.name !== undefined ? { ...changes, nameKey: changes.name.toLowerCase() } : changes;
        return channels.findOneAndUpdate(
          { _id: id },
          { $set: { ...set, updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },

      addModerator(id: ObjectId, userId: ObjectId): Promise<ChannelDoc | null> {
        return channels.findOneAndUpdate(
          { _id: id },
          { $addToSet: { moderatorIds: userId }, $set: { updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },

      removeModerator(id: ObjectId, userId: ObjectId): Promise<ChannelDoc | null> {
        return channels.findOneAndUpdate(
          { _id: id },
          { $pull: { moderatorIds: userId }, $set: { updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
      },
    },

    members: {
      find(channelId: ObjectId, userId: ObjectId): Promise<ChannelMemberDoc | null> {
        return members.findOne({ channelId, userId });
      },

      ofUser(userId: ObjectId): Promise<ChannelMemberDoc[]> {
        return members.find({ userId }).toArray();
      },

      ofChannel(channelId: ObjectId, userIds?: readonly ObjectId[]): Promise<ChannelMemberDoc[]> {
        const filter: Filter<ChannelMemberDoc> = userIds
          ? { channelId, userId: { $in: [...userIds] } }
          : { channelId };
        return members.find(filter).toArray();
      },

      joinedChannelIds(userId: ObjectId): Promise<ObjectId[]> {
        return members
          .find({ userId, state: 'joined' }, { projection: { channelId: 1 } })
          .map((doc) => doc.channelId)
          .toArray();
      },

      wantingEverything(channelId: ObjectId): Promise<ObjectId[]> {
        return members
          .find(
            { channelId, state: 'joined', notificationLevel: 'all', muted: false },
            { projection: { userId: 1 } },
          )
          .map((doc) => doc.userId)
          .toArray();
      },

      /** Creates or updates the member's record; concurrent first writes settle on the unique key. */
      async upsert(
        channelId: ObjectId,
        userId: ObjectId,
        changes: Partial<
          Pick<ChannelMemberDoc, 'state' | 'notificationLevel' | 'muted' | 'joinedAt' | 'addedBy'>
        >,
      ): Promise<ChannelMemberDoc> {
        const defaults: Omit<ChannelMemberDoc, '_id' | 'channelId' | 'userId' | 'updatedAt'> = {
          state: 'joined',
          notificationLevel: 'mentions',
          muted: false,
          joinedAt: null,
          addedBy: null,
        };
        const onInsert = Object.fromEntries(Object.entries(defaults).filter(([key]) => !(key in changes)));
        for (let attempt = 0; attempt < 3; attempt += 1) {
          try {
            const doc = await members.findOneAndUpdate(
              { channelId, userId },
              {
                $set: { ...changes, updatedAt: new Date() },
                $setOnInsert: { ...onInsert },
              },
              { upsert: true, returnDocument: 'after' },
            );
            if (doc) return doc;
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
          }
        }
        throw new Error('channel membership upsert did not settle');
      },

      async remove(channelId: ObjectId, userId: ObjectId): Promise<boolean> {
        const result = await members.deleteOne({ channelId, userId });
        return result.deletedCount === 1;
      },
    },
  };
}

export type ChannelsRepo = ReturnType<typeof createChannelsRepo>;
