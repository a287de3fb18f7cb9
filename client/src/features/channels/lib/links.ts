import type { ContainerRef } from '@serantau/shared';

/**
 * Where a thread (or a position in it) is read, whatever its container: channel threads under
 * /channels, a case's discussion on the case's Discussion tab, precedent questions on the desk.
 */
export function threadHref(container: ContainerRef, threadId: string | null, seq?: number | null): string {
  switch (container.type) {
    case 'channel': {
      if (!threadId) return `/channels/${container.id}`;
      return `/channels/${container.id}/threads/${threadId}${seq ? `#seq-${seq}` : ''}`;
    }
    case 'case':
      return `/cases/${container.id}?tab=discussion`;
    case 'question':
      return `/precedents/questions/${container.id}`;
  }
}
