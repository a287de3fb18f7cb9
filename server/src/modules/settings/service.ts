import type { NetworkSettings, UpdateNetworkSettingsBody } from '@serantau/shared';
import type { Actor, RequestOrigin } from '../../policy/actor';
import type { AuditService } from '../audit/service';
import type { SettingsRepo } from './repo';

/** Settings are read on every sign-in and session check; another process's change shows within this. */
const CACHE_MS = 5_000;

export function createSettingsService(deps: { repo: SettingsRepo; audit: AuditService }) {
  let cached: { value: NetworkSettings; at: number } | null = null;

  return {
    async get(): Promise<NetworkSettings> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
      const value = await deps.repo.get();
      cached = { value, at: Date.now() };
      return value;
    },

    async update(
      actor: Actor,
      changes: UpdateNetworkSettingsBody,
      origin: RequestOrigin,
    ): Promise<NetworkSettings> {
      await deps.repo.update(changes, actor.userId);
      cached = null;
      await deps.audit.record({
        actor,
        action: 'settings.update',
        target: { type: 'settings', id: 'network' },
        origin,
        details: { ...changes },
      });
      return this.get();
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
