import type { HighlightedText } from '@serantau/shared';

/**
 * Plain text from a message's Markdown, for excerpts, notifications and search snippets. Not a
 * renderer: it only strips syntax so a preview reads naturally. Mention tokens become names.
 */
export function plainText(markdown: string, names: ReadonlyMap<string, string> = new Map()): string {
  return markdown
    .replace(/@user:([a-f0-9]{24})\b/g, (_match, id: string) => `@${names.get(id) ?? 'member'}`)
    .replace(/@country:([A-Z]{2})\b/g, '@$1')
    .replace(/```[^\n]*\n?/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|~~|\*|_)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

export function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Case- and accent-insensitive form, matching how the text index compares words. */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a search query (quotes and a leading `-` are syntax; negated words never highlight). */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const raw of query.replace(/"/g, ' ').split(/\s+/)) {
    if (!raw || raw.startsWith('-')) continue;
    for (const word of raw.match(/[\p{L}\p{N}]+/gu) ?? []) terms.add(normalizeWord(word));
  }
  return [...terms];
}

/**
 * A rough English stem, only for highlighting: MongoDB's text index stems (a search for "vessel"
 * finds "vessels"), so the words it matched should light up too. Short words are left alone.
 */
export function roughStem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/ies$/, 'y').replace(/(?:es|s|ed|ing)$/, '');
}

/** Character ranges of `text` whose words are among `terms` (or share their stem). */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  if (terms.length === 0) return [];
  const wanted = new Set(terms);
  const stems = new Set(terms.map(roughStem));
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = normalizeWord(match[0]);
    if (wanted.has(word) || stems.has(roughStem(word)))
      ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** A window of `text` around its first match, with the matches inside it. */
export function snippet(text: string, terms: readonly string[], length = 240): HighlightedText {
  const all = matchRanges(text, terms);
  const first = all[0];
  if (text.length <= length || !first) {
    const shown = text.length <= length ? text : shorten(text, length);
    return { text: shown, ranges: all.filter(([, end]) => end <= shown.length) };
  }
  let start = Math.max(0, first[0] - Math.floor(length / 3));
  // Start at a word boundary so the snippet does not open mid-word.
  const space = text.lastIndexOf(' ', start);
  if (space >= 0 && start - space < 20) start = space + 1;
  const end = Math.min(text.length, start + length);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const body = text.slice(start, end);
  const offset = prefix.length - start;
  return {
    text: `${prefix}${body}${suffix}`,
    ranges: all
      .filter(([from, to]) => from >= start && to <= end)
      .map(([from, to]) => [from + offset, to + offset] as [number, number]),
  };
}
