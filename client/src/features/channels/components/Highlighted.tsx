import type { ReactNode } from 'react';
import type { HighlightedText } from '@serantau/shared';

/** Text with the server's match ranges marked: React elements only, never HTML from the server. */
export function Highlighted({ value }: { value: HighlightedText }) {
  const parts: ReactNode[] = [];
  let position = 0;
  const ranges = [...value.ranges].sort((a, b) => a[0] - b[0]);
  for (const [from, to] of ranges) {
    if (from < position || to > value.text.length || from >= to) continue;
    if (from > position) parts.push(value.text.slice(position, from));
    parts.push(<mark key={from}>{value.text.slice(from, to)}</mark>);
    position = to;
  }
  if (position < value.text.length) parts.push(value.text.slice(position));
  return <>{parts}</>;
}
