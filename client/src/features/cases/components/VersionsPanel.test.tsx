import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import * as Y from 'yjs';
import type { DocumentVersion } from '@serantau/shared';
import { toBase64 } from '../../../editor';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { VersionsPanel } from './VersionsPanel';

const documentId = buildId();
const version: DocumentVersion = {
  id: buildId(),
  documentId,
  kind: 'named',
  name: 'Before the meeting',
  createdBy: { id: buildId(), name: 'Siti Aminah' },
  createdAt: '2026-01-01T00:00:00.000Z',
  sizeBytes: 10,
  locked: false,
};

function openVersion(canExport: boolean) {
  signInAs();
  stubApi({
    'GET /api/documents/:id/versions': () => ({ body: { items: [version] } }),
    'GET /api/documents/:id/versions/:versionId': () => ({
      body: { version, state: toBase64(Y.encodeStateAsUpdate(new Y.Doc())) },
    }),
  });
  renderRoutes(
    [
      {
        path: '/',
        element: (
          <VersionsPanel
            documentId={documentId}
            canEdit={false}
            canExport={canExport}
            currentDoc={() => null}
          />
        ),
      },
    ],
    '/',
  );
}

describe('the version dialog', () => {
  it('offers exports to those who may export', async () => {
    openVersion(true);
    fireEvent.click(await screen.findByRole('button', { name: 'View' }));
    expect(await screen.findByRole('button', { name: 'PDF' })).toBeTruthy();
    expect(screen.queryByText('Your role on this case does not allow exports.')).toBeNull();
  });

  it('offers no exports without material.export', async () => {
    openVersion(false);
    fireEvent.click(await screen.findByRole('button', { name: 'View' }));
    expect(await screen.findByText('Your role on this case does not allow exports.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'PDF' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Markdown' })).toBeNull();
  });
});
