import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, type ButtonProps } from './Button';
import { useToast } from './Toast';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/** Only http(s), mailto and tel links are ever rendered as links; anything else stays text. */
export function safeHref(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export interface ExternalLinkProps {
  href: string | null | undefined;
  children?: ReactNode;
}

/** A link to somewhere outside Serantau: opens separately and sends no referrer. */
export function ExternalLink({ href, children }: ExternalLinkProps) {
  const { t } = useTranslation('ui');
  const safe = safeHref(href);
  if (!safe) return <span>{children ?? href}</span>;
  const external = safe.startsWith('http');
  return (
    <a
      href={safe}
      target={external ? '_blank' : undefined}
      rel={external ? 'noopener noreferrer' : undefined}
      className="ui-external-link"
    >
      {children ?? href}
      {external && <span className="ui-visually-hidden"> ({t('opensInNewTab')})</span>}
    </a>
  );
}

export interface CopyButtonProps extends Omit<ButtonProps, 'onClick'> {
  text: string;
  /** Announced when the copy worked. */
  copiedMessage?: string;
}

/** Copies text to the clipboard and confirms through the toast live region. */
export function CopyButton({ text, copiedMessage, children, ...rest }: CopyButtonProps) {
  const { t } = useTranslation('ui');
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast.show(copiedMessage ?? t('copied'), 'success');
    } catch {
      toast.show(t('copyFailed'), 'danger');
    }
  };
  return (
    <Button size="sm" {...rest} onClick={() => void copy()}>
      {children ?? t('copy')}
    </Button>
  );
}

/** Offers text as a file download without any server round trip. */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}
