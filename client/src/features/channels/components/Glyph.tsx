import type { ReactNode } from 'react';

/** Small stroke glyphs for channel kinds and the bell (drawn here: no icon font, no emoji fonts needed). */
const GLYPHS = {
  hash: <path d="M9 4 7 20M17 4l-2 16M4.5 9h15M3.5 15h15" />,
  lock: (
    <>
      <rect x="5" y="11" width="14" height="9" rx="1.5" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </>
  ),
  flag: <path d="M5 21V4m0 1h11l-2 4 2 4H5" />,
  megaphone: (
    <>
      <path d="M3 10v4h3l7 4V6L6 10H3Z" />
      <path d="M16.5 9a4 4 0 0 1 0 6M19 7a7 7 0 0 1 0 10" />
    </>
  ),
  bell: (
    <>
      <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16Z" />
      <path d="M10 20a2 2 0 0 0 4 0" />
    </>
  ),
  paperclip: <path d="m20 11-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7" />,
} satisfies Record<string, ReactNode>;

export type GlyphName = keyof typeof GLYPHS;

/** Decorative: the text beside it (or a visually hidden label) carries the meaning. */
export function Glyph({ name, size = 16 }: { name: GlyphName; size?: number }) {
  return (
    <svg
      className="channel-glyph"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {GLYPHS[name]}
    </svg>
  );
}
