import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import * as Y from 'yjs';
import type { DocumentVersion, VersionKind } from '@serantau/shared';
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

function renderPanel(canExport: boolean) {
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

function openVersion(canExport: boolean) {
  signInAs();
  stubApi({
    'GET /api/documents/:id/versions': () => ({ body: { items: [version], nextCursor: null } }),
    'GET /api/documents/:id/versions/:versionId': () => ({
      body: { version, state: toBase64(Y.encodeStateAsUpdate(new Y.Doc())) },
    }),
  });
  renderPanel(canExport);
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

describe('the version history', () => {
  const history: DocumentVersion[] = Array.from({ length: 5 }, (_, index) => ({
    ...version,
    id: buildId(),
    kind: (index === 4 ? 'sent' : 'auto') as VersionKind,
    name: `Version ${5 - index}`,
    locked: index === 4,
  }));

  /** Two versions a page, as the server would page them; the cursor is the last item's position. */
  function stubHistory() {
    return stubApi({
      'GET /api/documents/:id/versions': (request) => {
        const kind = request.url.searchParams.get('kind');
        const matching = history.filter((item) => !kind || item.kind === kind);
        const before = request.url.searchParams.get('before');
        const from = before ? matching.findIndex((item) => item.id === before) + 1 : 0;
        const items = matching.slice(from, from + 2);
        const more = from + 2 < matching.length;
        return { body: { items, nextCursor: more ? (items.at(-1)?.id ?? null) : null } };
      },
    });
  }

  const names = () =>
    screen.queryAllByRole('listitem').map((item) => item.querySelector('strong')?.textContent);

  it('loads older pages on request until the oldest version, then offers no more', async () => {
    signInAs();
    const { requests } = stubHistory();
    renderPanel(false);
    expect(await screen.findByText('Version 5')).toBeTruthy();
    expect(names()).toEqual(['Version 5', 'Version 4']);

    fireEvent.click(screen.getByRole('button', { name: 'Show older versions' }));
    expect(await screen.findByText('Version 3')).toBeTruthy();
    expect(names()).toEqual(['Version 5', 'Version 4', 'Version 3', 'Version 2']);

    fireEvent.click(screen.getByRole('button', { name: 'Show older versions' }));
    expect(await screen.findByText('Version 1')).toBeTruthy();
    expect(names()).toEqual(['Version 5', 'Version 4', 'Version 3', 'Version 2', 'Version 1']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Show older versions' })).toBeNull());
    expect(requests.map((request) => request.url.searchParams.get('before'))).toEqual([
      null,
      history[1]?.id,
      history[3]?.id,
    ]);
  });

  it('narrows the history to one kind', async () => {
    signInAs();
    stubHistory();
    renderPanel(false);
    expect(await screen.findByText('Version 5')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'sent' } });
    expect(await screen.findByText('Version 1')).toBeTruthy();
    expect(names()).toEqual(['Version 1']);
    expect(screen.queryByRole('button', { name: 'Show older versions' })).toBeNull();
  });
});
