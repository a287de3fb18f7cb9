import { describe, expect, it } from 'vitest';
import { matchRanges, plainText, queryTerms, shorten, snippet } from './plain-text';

describe('message text helpers', () => {
  it('strips Markdown and turns mention tokens into names', () => {
    const names = new Map([['0123456789abcdef01234567', 'Maria Santos']]);
    expect(
      plainText(
        '**Bold** and _it_ [link](https://x.org) `code`\n> quoted @user:0123456789abcdef01234567 @country:TH',
        names,
      ),
    ).toBe('Bold and it link code quoted @Maria Santos @TH');
  });

  it('shortens at a word boundary', () => {
    expect(shorten('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(shorten('short', 14)).toBe('short');
  });

  it('finds whole words, ignoring case and accents', () => {
    const text = 'Việt Nam trafficking; TRAFFICKING routes, traffickers';
    expect(queryTerms('Trafficking -routes "viet"')).toEqual(['trafficking', 'viet']);
    expect(matchRanges(text, ['trafficking', 'viet'])).toEqual([
      [0, 4],
      [9, 20],
      [22, 33],
    ]);
  });

  it('lights up words sharing a stem, as the text index matches them', () => {
    expect(matchRanges('Fishing vessels and one vessel', ['vessel'])).toEqual([
      [8, 15],
      [24, 30],
    ]);
  });

  it('keeps ranges inside the snippet window and shifted with it', () => {
    const text = `${'filler '.repeat(80)}the smuggling route ${'more '.repeat(80)}`;
    const result = snippet(text, ['smuggling'], 100);
    const [range] = result.ranges;
    expect(range).toBeDefined();
    expect(result.text.slice(range![0], range![1])).toBe('smuggling');
    expect(result.text.startsWith('…')).toBe(true);
  });
});
