import * as Y from 'yjs';

type TopLevelNode = Y.XmlElement | Y.XmlText;

/** Past this many comparisons the middle is replaced whole rather than diffed (bounded CPU). */
const MAX_DIFF_CELLS = 4_000_000;

/**
 * Makes `fragment` read like `restored` by replacing only the top-level blocks that differ. Blocks
 * that are identical keep their Yjs items, so comments anchored in them (relative positions) and
 * other people's carets stay where they were; a whole-document replace would orphan every comment.
 * Run inside a transaction.
 */
export function restoreFragment(fragment: Y.XmlFragment, restored: readonly unknown[]): void {
  const target = restored.filter(isTopLevelNode);
  const current = fragment.toArray();
  const currentKeys = current.map(nodeKey);
  const targetKeys = target.map(nodeKey);
  const matches = matchingBlocks(currentKeys, targetKeys);
  // Gaps between matches, handled from the end so that earlier indices stay valid.
  const bounds = [
    { current: -1, target: -1 },
    ...matches,
    { current: current.length, target: target.length },
  ];
  for (let index = bounds.length - 1; index > 0; index -= 1) {
    const before = bounds[index - 1];
    const after = bounds[index];
    if (!before || !after) continue;
    const start = before.current + 1;
    const removed = after.current - start;
    if (removed > 0) fragment.delete(start, removed);
    const inserted = target.slice(before.target + 1, after.target).map((node) => node.clone());
    if (inserted.length > 0) fragment.insert(start, inserted);
  }
}

function isTopLevelNode(node: unknown): node is TopLevelNode {
  return node instanceof Y.XmlElement || node instanceof Y.XmlText;
}

/** Structure, attributes, text and marks: equal keys mean the blocks read and render the same. */
function nodeKey(node: unknown): string {
  return isTopLevelNode(node) ? `${node instanceof Y.XmlText ? 't' : 'e'}:${node.toString()}` : '?';
}

/**
 * Pairs of equal blocks in order (a longest common subsequence): common ends first, then a
 * dynamic-programming table for the middle when it is small enough.
 */
function matchingBlocks(
  current: readonly string[],
  target: readonly string[],
): { current: number; target: number }[] {
  const head: { current: number; target: number }[] = [];
  let start = 0;
  while (start < current.length && start < target.length && current[start] === target[start]) {
    head.push({ current: start, target: start });
    start += 1;
  }
  const tail: { current: number; target: number }[] = [];
  let currentEnd = current.length;
  let targetEnd = target.length;
  while (currentEnd > start && targetEnd > start && current[currentEnd - 1] === target[targetEnd - 1]) {
    currentEnd -= 1;
    targetEnd -= 1;
    tail.unshift({ current: currentEnd, target: targetEnd });
  }
  const rows = currentEnd - start;
  const columns = targetEnd - start;
  if (rows === 0 || columns === 0 || rows * columns > MAX_DIFF_CELLS) return [...head, ...tail];
  // lengths[i][j]: LCS length of current[start+i..] and target[start+j..], flattened.
  const width = columns + 1;
  const lengths = new Uint32Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = columns - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        current[start + i] === target[start + j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const middle: { current: number; target: number }[] = [];
  for (let i = 0, j = 0; i < rows && j < columns;) {
    if (current[start + i] === target[start + j]) {
      middle.push({ current: start + i, target: start + j });
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) i += 1;
    else j += 1;
  }
  return [...head, ...middle, ...tail];
}
