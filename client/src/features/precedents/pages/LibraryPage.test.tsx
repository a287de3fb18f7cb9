import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { LibraryItem } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { renderRoutes, signInAs } from '../../../test/render';
import { precedentPageRoutes } from '../routes';
import { buildCitation, buildListItem } from '../test/factories';

function buildLibraryItem(title: string): LibraryItem {
  return {
    ...buildListItem({ title, status: 'resolved' }),
    resolvedAt: '2026-02-10T03:00:00.000Z',
    citations: [buildCitation()],
    advice: 'Debt bondage alone was accepted as the means.',
  };
}

describe('the precedent library', () => {
  it('searches with filters kept in the URL and loads more by cursor', async () => {
    signInAs();
    const { requests } = stubApi({
      'GET /api/precedents/library': (request) => {
        const cursor = request.url.searchParams.get('cursor');
        return {
          body: cursor
            ? {
                items: [buildLibraryItem('Second page question')],
                nextCursor: null,
                courts: ['Court of Appeal'],
              }
            : {
                items: [buildLibraryItem('Debt bondage means')],
                nextCursor: 'next-1',
                courts: ['Court of Appeal'],
              },
        };
      },
    });
    const { router } = renderRoutes(precedentPageRoutes, '/precedents/library?outcome=convicted');
    expect(await screen.findByRole('link', { name: 'Debt bondage means' })).toBeTruthy();
    expect(screen.getByText(/Debt bondage alone was accepted/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Public Prosecutor v. Tan Ah Kow' }).getAttribute('href')).toBe(
      '/precedents/citations/my-2019-2019-5-mlj-123',
    );
    expect(requests[0]?.url.searchParams.get('outcome')).toBe('convicted');

    fireEvent.change(screen.getByRole('searchbox', { name: /Search/ }), {
      target: { value: 'debt bondage' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Court' }), {
      target: { value: 'Court of Appeal' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(router.state.location.search).toContain('q=debt+bondage'));
    expect(router.state.location.search).toContain('court=Court+of+Appeal');
    await waitFor(() => expect(requests.at(-1)?.url.searchParams.get('q')).toBe('debt bondage'));

    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Second page question' })).toBeTruthy();
    expect(requests.at(-1)?.url.searchParams.get('cursor')).toBe('next-1');
  });
});
