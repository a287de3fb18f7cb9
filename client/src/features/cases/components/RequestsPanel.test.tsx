import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { CooperationRequest } from '@serantau/shared';
import { stubApi } from '../../../test/api-stub';
import { buildCaseDetail, buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { RequestsPanel } from './RequestsPanel';

const caseId = buildId();
const person = { id: buildId(), name: 'Siti Aminah' };

const detail = buildCaseDetail({ id: caseId, createdBy: person });

function buildRequest(title: string, handling: CooperationRequest['handling']): CooperationRequest {
  return {
    id: buildId(),
    caseId,
    type: 'mutual_legal_assistance',
    title,
    fromCountry: 'MY',
    fromAuthority: "Attorney General's Chambers",
    toCountry: 'PH',
    toAuthority: 'Department of Justice',
    status: 'draft',
    dueDate: null,
    history: [],
    draftDocumentId: buildId(),
    sentVersionId: null,
    sentAt: null,
    handling,
    createdBy: person,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const baseHandling = {
  agencyIds: [],
  agencyNames: [],
  originatorId: person.id,
  originatorName: 'Siti Aminah',
  permittedUserIds: [],
};

describe('the request list', () => {
  it("shows each request's handling code", async () => {
    signInAs();
    stubApi({
      'GET /api/cases/:id/requests': () => ({
        body: {
          items: [
            buildRequest('Bank records', { ...baseHandling, code: 'originator_permission' }),
            buildRequest('Crew list', { ...baseHandling, code: 'team_only' }),
          ],
        },
      }),
    });
    renderRoutes(
      [{ path: '/cases/:caseId', element: <RequestsPanel detail={detail} /> }],
      `/cases/${caseId}`,
    );
    const table = await screen.findByRole('table', { name: 'Legal-cooperation requests' });
    expect(within(table).getByRole('columnheader', { name: 'Handling code' })).toBeTruthy();
    const bank = screen.getByRole('link', { name: 'Bank records' }).closest('tr');
    const crew = screen.getByRole('link', { name: 'Crew list' }).closest('tr');
    if (!bank || !crew) throw new Error('request rows not found');
    expect(within(bank).getByText("Originator's permission needed")).toBeTruthy();
    expect(within(bank).getByText('originator: Siti Aminah')).toBeTruthy();
    expect(within(crew).getByText('Team only')).toBeTruthy();
  });
});
