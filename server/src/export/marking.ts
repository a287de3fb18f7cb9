/** What every export carries besides the content: labels that must travel with the material. */
export interface ExportMarking {
  title: string;
  /** Sensitivity label (e.g. CONFIDENTIAL), printed at the top and bottom of every page. */
  sensitivity: string | null;
  /** The handling code's wording, including named agencies. */
  handling: string | null;
  /** Where the document comes from (e.g. "Case: Operation Coral"). */
  context: string | null;
  /** Set when a saved version rather than the current text is exported. */
  versionName: string | null;
  exportedBy: string;
  exportedAt: Date;
}

/** "Exported by Maria Santos on 2025-03-01 14:05 UTC" — the same words in every format. */
export function exportFooter(marking: ExportMarking): string {
  const stamp = marking.exportedAt.toISOString().slice(0, 16).replace('T', ' ');
  return `Exported by ${marking.exportedBy} on ${stamp} UTC`;
}
