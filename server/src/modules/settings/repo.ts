import type { Db } from 'mongodb';
import type { NetworkSettings } from '@serantau/shared';

interface SettingsDoc extends NetworkSettings {
  _id: 'network';
  updatedAt: Date;
  updatedBy: string | null;
}

export const DEFAULT_SETTINGS: NetworkSettings = { requireTwoFactor: false, observersMayContribute: false };

export function createSettingsRepo(db: Db) {
  const settings = db.collection<SettingsDoc>('settings');
  return {
    async get(): Promise<NetworkSettings> {
      const doc = await settings.findOne({ _id: 'network' });
      return {
        requireTwoFactor: doc?.requireTwoFactor ?? DEFAULT_SETTINGS.requireTwoFactor,
        observersMayContribute: doc?.observersMayContribute ?? DEFAULT_SETTINGS.observersMayContribute,
      };
    },
    async update(changes: Partial<NetworkSettings>, updatedBy: string): Promise<void> {
      await settings.updateOne(
        { _id: 'network' },
        { $set: { ...changes, updatedAt: new Date(), updatedBy }, $setOnInsert: { _id: 'network' } },
        { upsert: true },
      );
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
