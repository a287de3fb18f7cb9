import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { SafeMarkdown, safeUrlTransform } from './SafeMarkdown';

function renderMarkdown(text: string) {
  return render(<SafeMarkdown>{text}</SafeMarkdown>).container;
}

describe('safe Markdown', () => {
  it('renders the safe subset, links opening elsewhere without a referrer', () => {
    const container = renderMarkdown(
      '**bold** _it_\n\n- one\n- two\n\n> quote\n\n[site](https://example.org)',
    );
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('em')?.textContent).toBe('it');
    expect(container.querySelectorAll('li')).toHaveLength(2);
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
  ])('shows raw HTML as text: %s', (payload) => {
    const container = renderMarkdown(payload);
    expect(container.querySelector('script, img, iframe, svg, a')).toBeNull();
    expect(container.textContent).toContain(payload.slice(0, 8));
  });

  it('keeps only http, https and mailto link targets, and flattens headings and images', () => {
    const container = renderMarkdown(
      '# Title\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:x@example.org) ![i](https://example.org/i.png)',
    );
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'mailto:x@example.org',
    ]);
    expect(container.querySelector('h1, img')).toBeNull();
    expect(container.textContent).toContain('Title');
    expect(safeUrlTransform(' JAVASCRIPT:alert(1)')).toBe('');
    expect(safeUrlTransform('/relative')).toBe('');
  });
});
