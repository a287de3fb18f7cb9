import type { Components } from 'react-markdown';
import type { Mention } from '@serantau/shared';
import { useLabels } from '../../../app/labels';
import { SafeMarkdown } from '../../../ui';
import { MENTION_SCHEME, messageUrlTransform, remarkMentions } from '../lib/markdown';

const PLUGINS = [remarkMentions];

/** A message's text: the safe Markdown subset, mentions as names, links opening elsewhere. */
export function MessageBody({ body, mentions }: { body: string; mentions: readonly Mention[] }) {
  const labels = useLabels();
  const names = new Map(
    mentions.flatMap((mention) => (mention.type === 'user' ? [[mention.id, mention.displayName]] : [])),
  );
  const components: Components = {
    a({ href, children }) {
      if (href?.startsWith(MENTION_SCHEME)) {
        const token = href.slice(MENTION_SCHEME.length);
        const [kind, value = ''] = token.split(':');
        const label = kind === 'user' ? names.get(value) : labels.country(value);
        // Unknown members (not mentionable here) stay plain text.
        if (!label) return <>{children}</>;
        return <span className={`mention mention--${kind ?? 'user'}`}>@{label}</span>;
      }
      if (!href) return <>{children}</>;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    },
  };
  return (
    <SafeMarkdown
      className="message-body"
      remarkPlugins={PLUGINS}
      urlTransform={messageUrlTransform}
      components={components}
    >
      {body}
    </SafeMarkdown>
  );
}
