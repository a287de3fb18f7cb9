import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import type { Case, CaseCapability, DocumentAccess, DocumentMeta } from '@serantau/shared';
import { AppProviders } from '../../app/App';
import { connectSocket, disconnectSocket } from '../../lib/socket';
import { stubApi } from '../../test/api-stub';
import { buildCaseDetail, buildId } from '../../test/factories';
import { FakeSocket } from '../../test/fake-socket';
import { signInAs } from '../../test/render';
import { useCase, useCaseLive, useDocumentMeta } from './api';

const caseId = buildId();
const otherCaseId = buildId();
const documentId = buildId();
const otherDocumentId = buildId();
const person = { id: buildId(), name: 'Siti Aminah' };

function buildDocument(id: string, owner: string, access: DocumentAccess): DocumentMeta {
  return {
    id,
    kind: 'case_note',
    owner: { type: 'case', id: owner },
    title: 'Joint strategy note',
    template: 'blank',
    handling: null,
    caseId: owner,
    requestId: null,
    createdBy: person,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    access,
  };
}

function buildCase(capabilities: CaseCapability[]): Case {
  return buildCaseDetail({
    id: caseId,
    countries: ['MY'],
    myRole: capabilities.includes('documents.edit') ? 'member' : 'viewer',
    createdBy: person,
    capabilities,
  });
}

function Probe() {
  const detail = useCase(caseId);
  const meta = useDocumentMeta(documentId);
  const other = useDocumentMeta(otherDocumentId);
  useCaseLive(caseId, true, () => undefined);
  return (
    <ul>
      <li>meta: {meta.data?.access ?? '…'}</li>
      <li>other: {other.data?.access ?? '…'}</li>
      <li>canEdit: {detail.data ? String(detail.data.capabilities.includes('documents.edit')) : '…'}</li>
    </ul>
  );
}

afterEach(() => disconnectSocket());

describe('useCaseLive', () => {
  it.each(['team', 'case'] as const)(
    'refetches the access of the case’s open documents when the %s changes',
    async (scope) => {
      signInAs();
      let access: DocumentAccess = 'edit';
      const { requests } = stubApi({
        'GET /api/cases/:id': () => ({
          body: buildCase(access === 'edit' ? ['case.read', 'documents.edit'] : ['case.read']),
        }),
        'GET /api/documents/:id': (_request, params) => ({
          body:
            params.id === documentId
              ? buildDocument(documentId, caseId, access)
              : buildDocument(otherDocumentId, otherCaseId, 'edit'),
        }),
      });
      const fake = new FakeSocket();
      fake.respond = () => ({ ok: true });
      connectSocket({ onSessionEnded: vi.fn(), create: () => fake.asSocket() });
      const queryClient = new QueryClient({
        defaultOptions: { queries: { retry: false, staleTime: 30_000 } },
      });
      render(
        <AppProviders queryClient={queryClient}>
          <Probe />
        </AppProviders>,
      );
      expect(await screen.findByText('meta: edit')).toBeTruthy();
      expect(await screen.findByText('canEdit: true')).toBeTruthy();
      await screen.findByText('other: edit');
      await waitFor(() => expect(fake.emitted.some((sent) => sent.event === 'cases:watch')).toBe(true));
      const fetchesOf = (id: string) =>
        requests.filter((request) => request.url.pathname === `/api/documents/${id}`).length;
      const otherFetches = fetchesOf(otherDocumentId);

      // The server narrowed the open editor to read-only; this event is all the client hears.
      access = 'view';
      fake.serverEmit('cases:changed', { caseId, scope });

      expect(await screen.findByText('meta: view')).toBeTruthy();
      expect(await screen.findByText('canEdit: false')).toBeTruthy();
      expect(queryClient.getQueryData<DocumentMeta>(['documents', documentId, 'meta'])?.access).toBe('view');
      expect(fetchesOf(otherDocumentId)).toBe(otherFetches);
    },
  );
});
