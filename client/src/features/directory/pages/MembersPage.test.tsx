import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { stubApi } from '../../../test/api-stub';
import { buildId, buildProfile } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { directoryRoutes } from '../routes';

describe('member directory', () => {
  it('lists members with country, agency, languages, expertise and contact-point badge, and loads more by cursor', async () => {
    signInAs();
    const first = [
      buildProfile({
        displayName: 'Dara Sok',
        country: 'KH',
        agencyName: 'General Prosecutor',
        languages: ['km', 'en'],
      }),
      buildProfile({
        displayName: 'Ahmad Fauzi',
        country: 'ID',
        contactPoint: 'Focal point for mutual legal assistance',
        expertise: ['mutual-legal-assistance', 'extradition'],
      }),
    ];
    const second = [buildProfile({ displayName: 'Aung Ko', country: 'MM' })];
    const { requests } = stubApi({
      'GET /api/directory/members': (request) =>
        request.url.searchParams.get('cursor') === 'page-2'
          ? { body: { items: second, nextCursor: null } }
          : { body: { items: first, nextCursor: 'page-2' } },
    });
    renderRoutes(directoryRoutes, '/directory');

    const dara = (await screen.findByRole('link', { name: 'Dara Sok' })).closest('article');
    expect(dara).not.toBeNull();
    expect(within(dara as HTMLElement).getByText('Cambodia')).toBeTruthy();
    expect(within(dara as HTMLElement).getByText('General Prosecutor')).toBeTruthy();
    expect(within(dara as HTMLElement).getByText('Khmer, English')).toBeTruthy();

    const ahmad = screen.getByRole('link', { name: 'Ahmad Fauzi' }).closest('article') as HTMLElement;
    expect(within(ahmad).getByText('Contact point')).toBeTruthy();
    expect(within(ahmad).getByText('Focal point for mutual legal assistance')).toBeTruthy();
    expect(within(ahmad).getByText('Mutual legal assistance')).toBeTruthy();
    expect(screen.getByText('2 members shown, more available.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more members' }));
    expect(await screen.findByRole('link', { name: 'Aung Ko' })).toBeTruthy();
    expect(screen.getByText('3 members shown.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more members' })).toBeNull();
    expect(requests.at(-1)?.url.searchParams.get('cursor')).toBe('page-2');
  });

  it('sends the filters from the URL and from the form', async () => {
    signInAs();
    const agencyId = buildId();
    const { requests } = stubApi({
      'GET /api/directory/members': () => ({ body: { items: [], nextCursor: null } }),
      'GET /api/directory/agencies': () => ({
        body: {
          items: [
            {
              id: agencyId,
              country: 'TH',
              name: 'Office of the Attorney General',
              kind: 'prosecution',
              unit: null,
              website: null,
            },
          ],
        },
      }),
    });
    const { router } = renderRoutes(directoryRoutes, '/directory?country=TH&expertise=not-a-topic');

    expect(await screen.findByText('No members found')).toBeTruthy();
    const firstQuery = requests.find((request) => request.url.pathname === '/api/directory/members');
    expect(firstQuery?.url.searchParams.get('country')).toBe('TH');
    // A hand-edited parameter that the contract would reject is simply not sent.
    expect(firstQuery?.url.searchParams.has('expertise')).toBe(false);

    const agency = await screen.findByRole('option', { name: 'Office of the Attorney General' });
    fireEvent.change(agency.closest('select') as HTMLSelectElement, { target: { value: agencyId } });
    fireEvent.click(screen.getByLabelText('Contact points only'));
    fireEvent.change(screen.getByRole('searchbox', { name: /Search/ }), {
      target: { value: 'forced labour' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByText('No one matches these filters. Try removing some of them.');
    const last = requests.filter((request) => request.url.pathname === '/api/directory/members').at(-1);
    expect(Object.fromEntries(last?.url.searchParams ?? [])).toMatchObject({
      country: 'TH',
      agencyId,
      contactPointsOnly: 'true',
      q: 'forced labour',
    });
    expect(router.state.location.search).toContain('contactPointsOnly=true');
  });

  it('shows a profile page with a mail link, or a clear message for an unknown member', async () => {
    signInAs();
    const member = buildProfile({
      displayName: 'Juan dela Cruz',
      email: 'juan@doj.example.ph',
      country: 'PH',
    });
    stubApi({
      'GET /api/directory/members/:id': (_request, params) =>
        params.id === member.id
          ? { body: member }
          : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such member' } } },
    });
    const { unmount } = renderRoutes(directoryRoutes, `/directory/members/${member.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Juan dela Cruz' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'juan@doj.example.ph' }).getAttribute('href')).toBe(
      'mailto:juan@doj.example.ph',
    );
    expect(screen.getByText('15 Jan 2025')).toBeTruthy();
    unmount();

    renderRoutes(directoryRoutes, `/directory/members/${buildId()}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Member not found' })).toBeTruthy();
  });

  it('lists each jurisdiction with its agencies and contact points', async () => {
    signInAs();
    const focal = buildProfile({ displayName: 'Nguyen Van Minh', contactPoint: 'National focal point' });
    stubApi({
      'GET /api/directory/jurisdictions': () => ({
        body: {
          items: [
            {
              code: 'VN',
              kind: 'member_state',
              name: 'Viet Nam',
              nameMs: 'Vietnam',
              memberCount: 4,
              agencies: [
                {
                  id: buildId(),
                  country: 'VN',
                  name: "Supreme People's Procuracy",
                  kind: 'prosecution',
                  unit: 'Department 1',
                  website: 'javascript:alert(1)',
                },
              ],
              contactPoints: [focal],
            },
            {
              code: 'IOM',
              kind: 'partner',
              name: 'IOM',
              nameMs: 'IOM',
              memberCount: 1,
              agencies: [],
              contactPoints: [],
            },
          ],
        },
      }),
    });
    renderRoutes(directoryRoutes, '/directory/jurisdictions');

    const vietnam = (await screen.findByRole('heading', { name: 'Viet Nam' })).closest(
      'article',
    ) as HTMLElement;
    expect(within(vietnam).getByText('4 members')).toBeTruthy();
    expect(
      within(vietnam).getByText("Supreme People's Procuracy", { selector: '.jurisdiction__agency' }),
    ).toBeTruthy();
    expect(within(vietnam).getByRole('link', { name: 'Nguyen Van Minh' })).toBeTruthy();
    // A script URL from the server is never rendered as a link.
    expect(within(vietnam).queryByRole('link', { name: /Website/ })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Partner organisations' })).toBeTruthy();
  });
});
