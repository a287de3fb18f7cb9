import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD } from '@serantau/shared';

/** One block of text per line (paragraphs, headings, list items, cells), in document order. */
export function blockLines(doc: Y.Doc): string[] {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment, prefix: string): void => {
    if (node instanceof Y.XmlText) return;
    if (!(node instanceof Y.XmlElement) && !(node instanceof Y.XmlFragment)) return;
    const children = node.toArray();
    const texts = children.filter((child): child is Y.XmlText => child instanceof Y.XmlText);
    if (node instanceof Y.XmlElement && texts.length > 0) {
      const marker =
        node.nodeName === 'heading' ? `${'#'.repeat(Number(node.getAttribute('level')) || 2)} ` : '';
      lines.push(`${prefix}${marker}${texts.map((text) => deltaText(text)).join('')}`);
    }
    const nested =
      node instanceof Y.XmlElement && ['bulletList', 'orderedList', 'taskList'].includes(node.nodeName)
        ? `${prefix}• `
        : prefix;
    for (const child of children) walk(child, nested === prefix ? prefix : nested);
  };
  walk(doc.getXmlFragment(COLLAB_FRAGMENT_FIELD), '');
  return lines.filter((line) => line.trim().length > 0);
}

function deltaText(text: Y.XmlText): string {
  return (text.toDelta() as { insert?: unknown }[])
    .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/**
 * Line diff (longest common subsequence) from `before` to `after`. Documents compared here are a
 * few thousand blocks at most, so the quadratic table stays small; beyond that the middle is
 * reported as replaced rather than spending seconds on it.
 */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore -= 1;
    endAfter -= 1;
  }
  const head = before.slice(0, start).map((text) => ({ kind: 'same' as const, text }));
  const tail = before.slice(endBefore).map((text) => ({ kind: 'same' as const, text }));
  const a = before.slice(start, endBefore);
  const b = after.slice(start, endAfter);
  if (a.length * b.length > 4_000_000) {
    return [
      ...head,
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
      ...tail,
    ];
  }
  const table: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = table[i] ?? [];
    const below = table[i + 1] ?? [];
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      middle.push({ kind: 'same', text: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) {
      middle.push({ kind: 'removed', text: a[i] ?? '' });
      i += 1;
    } else {
      middle.push({ kind: 'added', text: b[j] ?? '' });
      j += 1;
    }
  }
  while (i < a.length) middle.push({ kind: 'removed', text: a[i++] ?? '' });
  while (j < b.length) middle.push({ kind: 'added', text: b[j++] ?? '' });
  return [...head, ...middle, ...tail];
}
