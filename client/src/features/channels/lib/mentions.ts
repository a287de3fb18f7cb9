import type { Mention } from '@serantau/shared';

/** A name shown in the composer and the token it stands for on the wire. */
export interface MentionChoice {
  label: string;
  token: string;
}

/** The `@query` being typed just before the caret, if any (names may contain spaces). */
export function activeMentionQuery(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const match = /(?:^|[\s(])@([^\s@][^@\n]{0,29})?$/u.exec(before);
  if (!match) return null;
  const query = match[1] ?? '';
  return { query, start: caret - query.length - 1 };
}

/** Puts a picked name in place of the `@query`, followed by a space. */
export function insertMention(
  text: string,
  caret: number,
  start: number,
  label: string,
): { text: string; caret: number } {
  const inserted = `@${label} `;
  const next = text.slice(0, start) + inserted + text.slice(caret);
  return { text: next, caret: start + inserted.length };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns the names picked in the composer back into tokens for the server. Longer names first, so
 * "@Maria Santos Cruz" is not cut at "@Maria Santos". Names typed by hand without picking stay text.
 */
export function toWireText(text: string, choices: readonly MentionChoice[]): string {
  const sorted = [...choices].sort((a, b) => b.label.length - a.label.length);
  let result = text;
  for (const choice of sorted) {
    result = result.replace(
      new RegExp(`@${escapeRegExp(choice.label)}(?![\\p{L}\\p{N}])`, 'gu'),
      choice.token,
    );
  }
  return result;
}

/** For editing: a stored body with tokens shown as names again, and the choices to turn them back. */
export function fromWireText(
  body: string,
  mentions: readonly Mention[],
  countryLabel: (code: string) => string,
): { text: string; choices: MentionChoice[] } {
  const choices: MentionChoice[] = [];
  const text = body.replace(/@(user:[a-f0-9]{24}|country:[A-Z]{2})\b/g, (token, value: string) => {
    const [kind, id = ''] = value.split(':');
    const user = mentions.find((mention) => mention.type === 'user' && mention.id === id);
    const label = kind === 'user' ? (user?.type === 'user' ? user.displayName : undefined) : countryLabel(id);
    if (!label) return token;
    choices.push({ label, token });
    return `@${label}`;
  });
  return { text, choices };
}
