import Markdown, { type Components, type Options } from 'react-markdown';
import { cx } from './cx';

/**
 * Safe Markdown for anything a user wrote: react-markdown turns the text into React elements (never an
 * HTML string), raw HTML is not parsed as HTML, only the elements below survive (others are unwrapped
 * to their text) and links keep http, https and mailto targets only.
 */

/** The elements user Markdown may contain; anything else (headings, images, tables) shows as its text. */
export const SAFE_MARKDOWN_ELEMENTS: readonly string[] = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'span',
];

const SAFE_LINK = /^(https?:|mailto:)$/i;

/** Keeps http, https and mailto link targets (normalised); anything else becomes no link at all. */
export function safeUrlTransform(url: string): string {
  try {
    const parsed = new URL(url.trim());
    return SAFE_LINK.test(parsed.protocol) ? parsed.href : '';
  } catch {
    return '';
  }
}

export interface SafeMarkdownProps {
  children: string;
  className?: string;
  /** Extra remark plugins (e.g. channels' mention tokens); they run on the Markdown tree, not on HTML. */
  remarkPlugins?: Options['remarkPlugins'];
  /** Overrides for rendered elements; `a` defaults to a link opening elsewhere without a referrer. */
  components?: Components;
  /** A stricter or extended link filter; its result must still be safe to put in `href`. */
  urlTransform?: (url: string) => string;
}

const DEFAULT_COMPONENTS: Components = {
  a({ href, children }) {
    // A link whose target was filtered out stays its words.
    if (!href) return <>{children}</>;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    );
  },
};

/** Renders user-written Markdown as the safe subset. */
export function SafeMarkdown({
  children,
  className,
  remarkPlugins,
  components,
  urlTransform = safeUrlTransform,
}: SafeMarkdownProps) {
  return (
    <div className={cx('ui-markdown', className)}>
      <Markdown
        remarkPlugins={remarkPlugins}
        allowedElements={SAFE_MARKDOWN_ELEMENTS}
        unwrapDisallowed
        urlTransform={urlTransform}
        components={{ ...DEFAULT_COMPONENTS, ...components }}
      >
        {children}
      </Markdown>
    </div>
  );
}
