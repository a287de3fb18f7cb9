import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { ServiceProvider } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { serviceProviderRoutes } from '../routes';

function buildProvider(overrides: Partial<ServiceProvider> = {}): ServiceProvider {
  return {
    id: buildId(),
    name: 'Rumah Kasih Shelter',
    country: 'MY',
    services: ['shelter', 'counselling'],
    languages: ['ms', 'en'],
    contact: {
      phone: '+60 3-1234 5678',
      email: 'help@rumahkasih.example',
      website: 'https://rumahkasih.example',
      address: null,
    },
    notes: 'Women and girls only.\nReferrals through the welfare officer.',
    verifiedBy: 'Ministry of Women, Family and Community Development',
    verifiedAt: '2025-02-01T03:00:00.000Z',
    updatedAt: '2025-02-01T03:00:00.000Z',
    ...overrides,
  };
}

describe('victim service providers', () => {
  it('lists providers for members, without editing controls', async () => {
    signInAs({ role: 'member' });
    const { requests } = stubApi({
      'GET /api/directory/service-providers': () => ({
        body: {
          items: [
            buildProvider(),
            buildProvider({ name: 'Legal Aid Centre', services: ['legal_aid'], verifiedAt: null }),
          ],
        },
      }),
    });
    renderRoutes(serviceProviderRoutes, '/service-providers?service=shelter&country=MY');

    const table = await screen.findByRole('table');
    const row = within(table)
      .getByRole('rowheader', { name: 'Rumah Kasih Shelter' })
      .closest('tr') as HTMLElement;
    expect(within(row).getByText('Shelter')).toBeTruthy();
    expect(within(row).getByText('Verified')).toBeTruthy();
    expect(within(table).getByText('Not verified')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Add a provider' })).toBeNull();
    expect(Object.fromEntries(requests[0]?.url.searchParams ?? [])).toEqual({
      service: 'shelter',
      country: 'MY',
    });
  });

  it('keeps the editing pages for admins and moderators', async () => {
    signInAs({ role: 'observer' });
    renderRoutes(serviceProviderRoutes, '/service-providers/new');
    expect(await screen.findByRole('heading', { name: 'No access' })).toBeTruthy();
  });

  it('lets a moderator add a provider, checking the form with the shared schema first', async () => {
    signInAs({ role: 'moderator' });
    const created = buildProvider({ name: 'Pusat Bantuan Guaman' });
    const { requests } = stubApi({
      'POST /api/directory/service-providers': () => ({ status: 201, body: created }),
      'GET /api/directory/service-providers/:id': () => ({ body: created }),
    });
    const { router } = renderRoutes(serviceProviderRoutes, '/service-providers/new');

    fireEvent.change(await screen.findByLabelText(/Name of the organisation/), {
      target: { value: 'Pusat Bantuan Guaman' },
    });
    fireEvent.change(screen.getByLabelText(/Website/), { target: { value: 'javascript:alert(1)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }));

    expect(await screen.findByText('Choose at least one service.')).toBeTruthy();
    expect(screen.getByText('Choose the country where the provider works.')).toBeTruthy();
    expect(screen.getByText('Enter a full web address starting with https://.')).toBeTruthy();
    expect(requests).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/^Country/), { target: { value: 'MY' } });
    fireEvent.click(screen.getByLabelText('Legal aid'));
    fireEvent.click(screen.getByLabelText('Malay'));
    fireEvent.change(screen.getByLabelText(/Website/), { target: { value: 'https://bantuan.example.my' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add provider' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Pusat Bantuan Guaman' })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/service-providers/${created.id}`);
    expect(requests[0]?.body).toEqual({
      name: 'Pusat Bantuan Guaman',
      country: 'MY',
      services: ['legal_aid'],
      languages: ['ms'],
      contact: { phone: null, email: null, website: 'https://bantuan.example.my', address: null },
      notes: '',
      verified: false,
    });
  });

  it('shows the details and lets an admin delete after confirming', async () => {
    signInAs({ role: 'admin' });
    const provider = buildProvider();
    const { requests } = stubApi({
      'GET /api/directory/service-providers/:id': () => ({ body: provider }),
      'DELETE /api/directory/service-providers/:id': () => ({ body: { ok: true } }),
      'GET /api/directory/service-providers': () => ({ body: { items: [] } }),
    });
    const { router } = renderRoutes(serviceProviderRoutes, `/service-providers/${provider.id}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Rumah Kasih Shelter' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '+60 3-1234 5678' }).getAttribute('href')).toBe(
      'tel:+60312345678',
    );
    expect(screen.getByRole('link', { name: /https:\/\/rumahkasih\.example/ }).getAttribute('rel')).toBe(
      'noopener noreferrer',
    );
    expect(
      screen.getByText(/Verified by Ministry of Women, Family and Community Development on 1 Feb 2025/),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this provider?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete provider' }));

    expect(await screen.findByText('Rumah Kasih Shelter was removed from the directory.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/service-providers');
    expect(requests.some((request) => request.method === 'DELETE')).toBe(true);
  });
});
