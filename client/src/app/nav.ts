import { roleHas, type GlobalCapability, type GlobalRole } from '@serantau/shared';
import type { IconName } from '../ui/Icon';

/**
 * One sidebar entry. Each feature declares its own in `features/<feature>/nav.ts`
 * (`export const navEntries = [defineNavEntry({...})]`); this registry collects them, so adding a section
 * never edits the shell.
 *
 * Order convention: home 0, directory 10, service providers 20, channels 30, cases 40, precedent desk 50,
 * admin 90.
 */
export interface NavEntry {
  id: string;
  /** Where the entry links; pages below this path also mark it current. */
  path: string;
  /** i18n key with its namespace, e.g. `directory:nav.label`. */
  labelKey: string;
  /** One sentence for the home page's section list. */
  descriptionKey?: string;
  icon: IconName;
  order: number;
  /** Shown only to roles holding this capability (the server still decides on every request). */
  capability?: GlobalCapability;
  /** Mark current only on an exact path match (for `/`). */
  end?: boolean;
}

export function defineNavEntry(entry: NavEntry): NavEntry {
  return entry;
}

const navModules = import.meta.glob<{ navEntries?: readonly NavEntry[] }>('../features/*/nav.ts', {
  eager: true,
});

export function sortNavEntries(entries: readonly NavEntry[]): NavEntry[] {
  return [...entries].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Every feature's entries, in sidebar order. */
export const navRegistry: readonly NavEntry[] = sortNavEntries(
  Object.values(navModules).flatMap((module) => module.navEntries ?? []),
);

/** The entries a role may see. */
export function navEntriesFor(role: GlobalRole, entries: readonly NavEntry[] = navRegistry): NavEntry[] {
  return entries.filter((entry) => !entry.capability || roleHas(role, entry.capability));
}
