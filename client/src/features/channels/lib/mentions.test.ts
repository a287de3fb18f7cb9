import { describe, expect, it } from 'vitest';
import { activeMentionQuery, fromWireText, insertMention, toWireText } from './mentions';

describe('composer mentions', () => {
  it('finds the @query before the caret, names with spaces included', () => {
    expect(activeMentionQuery('Hello @Mar', 10)).toEqual({ query: 'Mar', start: 6 });
    expect(activeMentionQuery('Hello @Maria San', 16)).toEqual({ query: 'Maria San', start: 6 });
    expect(activeMentionQuery('@', 1)).toEqual({ query: '', start: 0 });
    expect(activeMentionQuery('mail me at a@b.org', 18)).toBeNull();
    expect(activeMentionQuery('Hello @Mar\nnext', 15)).toBeNull();
  });

  it('puts the picked name in place and moves the caret after it', () => {
    expect(insertMention('Hi @Ma how', 6, 3, 'Maria Santos')).toEqual({
      text: 'Hi @Maria Santos  how',
      caret: 17,
    });
  });

  it('turns picked names into tokens, longest names first, whole names only', () => {
    const choices = [
      { label: 'Maria Santos', token: '@user:0123456789abcdef01234567' },
      { label: 'Maria Santos Cruz', token: '@user:89abcdef0123456789abcdef' },
      { label: 'Thailand team', token: '@country:TH' },
    ];
    expect(toWireText('@Maria Santos Cruz and @Maria Santos, @Thailand team; @Maria Santosa', choices)).toBe(
      '@user:89abcdef0123456789abcdef and @user:0123456789abcdef01234567, @country:TH; @Maria Santosa',
    );
  });

  it('turns tokens back into names for editing, and back again unchanged', () => {
    const body = 'Ask @user:0123456789abcdef01234567 and @country:VN';
    const { text, choices } = fromWireText(
      body,
      [{ type: 'user', id: '0123456789abcdef01234567', displayName: 'Lan' }],
      (code) => `${code} team`,
    );
    expect(text).toBe('Ask @Lan and @VN team');
    expect(toWireText(text, choices)).toBe(body);
  });
});
