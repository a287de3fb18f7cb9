import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { MessageBody } from './MessageBody';

const MARIA = '0123456789abcdef01234567';

function renderBody(body: string) {
  return render(
    <MessageBody body={body} mentions={[{ type: 'user', id: MARIA, displayName: 'Maria Santos' }]} />,
  ).container;
}

describe('message text', () => {
  it('renders the safe Markdown subset', () => {
    const container = renderBody(
      '**bold** _italics_\n\n- one\n- two\n\n> quoted\n\n`code` [site](https://example.org)',
    );
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('italics');
    expect(container.querySelectorAll('li')).toHaveLength(2);
    expect(container.querySelector('blockquote')?.textContent).toContain('quoted');
    expect(container.querySelector('code')?.textContent).toBe('code');
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.org/');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(link?.getAttribute('target')).toBe('_blank');
  });

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload=alert(1)></svg>',
    '<style>body{display:none}</style>',
  ])('shows raw HTML as text: %s', (payload) => {
    const container = renderBody(payload);
    expect(container.querySelector('script, img, iframe, svg, style, a')).toBeNull();
    expect(container.textContent).toContain(payload.slice(0, 8));
  });

  it('drops link targets other than http, https and mailto, keeping the words', () => {
    const container = renderBody(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](mailto:team@example.org) ![img](https://example.org/x.png)',
    );
    const hrefs = [...container.querySelectorAll('a')].map((link) => link.getAttribute('href'));
    expect(hrefs).toEqual(['mailto:team@example.org']);
    expect(container.textContent).toContain('a b c d');
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows mentions as names, and leaves tokens of people not mentionable here as text', () => {
    const container = renderBody(
      `Thanks @user:${MARIA} and @country:TH, not @user:${'f'.repeat(24)}; \`@user:${MARIA}\``,
    );
    const chips = [...container.querySelectorAll('.mention')].map((chip) => chip.textContent);
    expect(chips).toEqual(['@Maria Santos', '@Thailand']);
    expect(container.textContent).toContain(`@user:${'f'.repeat(24)}`);
    expect(container.querySelector('code')?.textContent).toBe(`@user:${MARIA}`);
  });

  it('flattens headings and tables to text', () => {
    const container = renderBody('# Big title\n\nplain');
    expect(container.querySelector('h1')).toBeNull();
    expect(container.textContent).toContain('Big title');
  });
});
