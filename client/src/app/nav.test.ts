import { describe, expect, it } from 'vitest';
import { GLOBAL_ROLES } from '@serantau/shared';
import { defineNavEntry, navEntriesFor, navRegistry, sortNavEntries } from './nav';

const ids = (entries: { id: string }[]) => entries.map((entry) => entry.id);

describe('nav registry', () => {
  it("collects every feature's entries, in their declared order", () => {
    expect(ids([...navRegistry])).toEqual([
      'home',
      'directory',
      'service-providers',
      'channels',
      'cases',
      'precedents',
      'admin',
    ]);
  });

  it('shows administration to admins only', () => {
    expect(ids(navEntriesFor('admin'))).toContain('admin');
    for (const role of GLOBAL_ROLES.filter((value) => value !== 'admin')) {
      expect(ids(navEntriesFor(role)), role).not.toContain('admin');
    }
  });

  it('shows the directory sections to every role, observers included', () => {
    for (const role of GLOBAL_ROLES) {
      expect(ids(navEntriesFor(role)), role).toEqual(
        expect.arrayContaining(['home', 'directory', 'service-providers']),
      );
    }
  });

  it('filters any entry by its capability and sorts by order, then id', () => {
    const entries = sortNavEntries([
      defineNavEntry({ id: 'precedent', path: '/p', labelKey: 'x', icon: 'scale', order: 50 }),
      defineNavEntry({
        id: 'cases',
        path: '/c',
        labelKey: 'x',
        icon: 'folder',
        order: 40,
        capability: 'cases.create',
      }),
      defineNavEntry({ id: 'channels', path: '/ch', labelKey: 'x', icon: 'chat', order: 30 }),
    ]);
    expect(ids(entries)).toEqual(['channels', 'cases', 'precedent']);
    expect(ids(navEntriesFor('observer', entries))).toEqual(['channels', 'precedent']);
    expect(ids(navEntriesFor('member', entries))).toEqual(['channels', 'cases', 'precedent']);
  });
});
