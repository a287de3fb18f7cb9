import type { ExportMarking } from './marking';

/** For the export tests: an unremarkable marking, with whatever a test is about set explicitly. */
export function testMarking(overrides: Partial<ExportMarking> = {}): ExportMarking {
  return {
    title: 'Strategy',
    sensitivity: null,
    handling: null,
    context: null,
    versionName: null,
    exportedBy: 'Tester',
    exportedAt: new Date('2026-12-01T00:00:00Z'),
    ...overrides,
  };
}
