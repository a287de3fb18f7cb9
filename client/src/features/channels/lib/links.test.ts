import { describe, expect, it } from 'vitest';
import { threadHref } from './links';

const id = 'a'.repeat(24);
const thread = 'b'.repeat(24);

describe('thread links', () => {
  it('leads to the page where each container shows its threads', () => {
    expect(threadHref({ type: 'channel', id }, thread, 7)).toBe(`/channels/${id}/threads/${thread}#seq-7`);
    expect(threadHref({ type: 'channel', id }, null)).toBe(`/channels/${id}`);
    expect(threadHref({ type: 'case', id }, thread, 3)).toBe(`/cases/${id}?tab=discussion`);
    expect(threadHref({ type: 'question', id }, null)).toBe(`/precedents/questions/${id}`);
  });
});
