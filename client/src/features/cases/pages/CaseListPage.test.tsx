import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { CaseListItem } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { caseRoutes } from '../routes';

function buildCase(overrides: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id: buildId(),
    title: 'Operation Coral Reef',
    status: 'active',
    sensitivity: 'CONFIDENTIAL',
    countries: ['PH', 'MY'],
    myRole: 'lead',
    teamSize: 4,
    updatedAt: '2025-03-01T02:00:00.000Z',
    ...overrides,
  };
}

describe('case list', () => {
  it("lists the user's cases with status, sensitivity, countries and role", async () => {
    signInAs({ role: 'member' });
    const { requests } = stubApi({ 'GET /api/cases': () => ({ body: { items: [buildCase()] } }) });
    renderRoutes(caseRoutes, '/cases');
    expect(await screen.findByRole('link', { name: 'Operation Coral Reef' })).toBeTruthy();
    expect(screen.getByText('Confidential')).toBeTruthy();
    expect(screen.getByText('Philippines, Malaysia')).toBeTruthy();
    expect(screen.getByText('Lead')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open a case' })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: 'All cases (team management)' })).toBeNull();
    expect(requests[0]?.url.searchParams.get('scope')).toBe('mine');
  });

  it('lets admins switch to every case for team management', async () => {
    signInAs({ role: 'admin' });
    const { requests } = stubApi({
      'GET /api/cases': (request) => ({
        body: {
          items:
            request.url.searchParams.get('scope') === 'all'
              ? [buildCase({ title: 'Somebody else’s case', myRole: null })]
              : [],
        },
      }),
    });
    renderRoutes(caseRoutes, '/cases');
    expect(await screen.findByText('You are not on any case team yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'All cases (team management)' }));
    expect(await screen.findByRole('link', { name: 'Somebody else’s case' })).toBeTruthy();
    expect(screen.getByText('Not on the team')).toBeTruthy();
    expect(requests.some((request) => request.url.searchParams.get('scope') === 'all')).toBe(true);
  });

  it('shows observers no way to open a case', async () => {
    signInAs({ role: 'observer' });
    stubApi({ 'GET /api/cases': () => ({ body: { items: [] } }) });
    renderRoutes(caseRoutes, '/cases');
    await screen.findByText('You are not on any case team yet.');
    fireEvent.click(document.body);
    expect(screen.queryByRole('button', { name: 'Open a case' })).toBeNull();
  });
});
