/**
 * Message Markdown: the safe subset of `ui/SafeMarkdown` (bold, italics, lists, links, code, quotes)
 * without any raw HTML, plus mention tokens turned into names. Nothing here produces
 * HTML strings: the tree becomes React elements, and React escapes every text.
 */
import { safeUrlTransform } from '../../../ui';

/** Internal scheme for mention chips; never becomes a real link. */
export const MENTION_SCHEME = 'mention:';

/** Links keep only http, https and mailto targets; mention chips keep their internal form. */
export function messageUrlTransform(url: string): string {
  const trimmed = url.trim();
  if (trimmed.startsWith(MENTION_SCHEME)) return trimmed;
  return safeUrlTransform(trimmed);
}

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

const TOKEN = /@(user:[a-f0-9]{24}|country:[A-Z]{2})\b/g;

function splitMentions(value: string): MdNode[] {
  const parts: MdNode[] = [];
  let last = 0;
  for (const match of value.matchAll(TOKEN)) {
    if (match.index > last) parts.push({ type: 'text', value: value.slice(last, match.index) });
    parts.push({
      type: 'link',
      url: `${MENTION_SCHEME}${match[1] ?? ''}`,
      children: [{ type: 'text', value: match[0] }],
    });
    last = match.index + match[0].length;
  }
  if (last < value.length) parts.push({ type: 'text', value: value.slice(last) });
  return parts;
}

function visit(node: MdNode): void {
  if (!node.children) return;
  // Code stays code: a token inside backticks is text someone wanted to show.
  if (node.type === 'link' || node.type === 'inlineCode' || node.type === 'code') return;
  node.children = node.children.flatMap((child) => {
    if (child.type === 'text' && child.value && TOKEN.test(child.value)) {
      TOKEN.lastIndex = 0;
      return splitMentions(child.value);
    }
    TOKEN.lastIndex = 0;
    visit(child);
    return [child];
  });
}

/** Remark plugin: `@user:<id>` and `@country:<code>` in text become mention nodes. */
export function remarkMentions() {
  return (tree: unknown) => visit(tree as MdNode);
}
