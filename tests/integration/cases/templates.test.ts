import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD, caseRoutes, type Case, type CooperationRequest } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import { connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';

/**
 * The sections the issue asks of the "Mutual legal assistance request" template, written out here
 * (not imported from the template module) so that a section dropped or renamed there fails.
 */
const MLA_SECTIONS = [
  'Requesting and requested authority',
  'Facts',
  'Offences and legal provisions',
  'Assistance sought',
  'Execution procedures',
  'Confidentiality',
  'Contact',
];

/** A document as the editor sees it: each top-level node's type, heading level and text. */
function outline(doc: Y.Doc): { type: string; level: unknown; text: string }[] {
  return doc
    .getXmlFragment(COLLAB_FRAGMENT_FIELD)
    .toArray()
    .flatMap((node) =>
      node instanceof Y.XmlElement
        ? [
            {
              type: node.nodeName,
              level: node.getAttribute('level'),
              text: node
                .toArray()
                .map((child) => (child instanceof Y.XmlText ? child.toString() : ''))
                .join(''),
            },
          ]
        : [],
    );
}

describe('document templates: mutual legal assistance request', () => {
  let app: TestApp;
  let lead: TestClient;
  let caseId = '';
  const docs: DocClient[] = [];

  beforeAll(async () => {
    app = await startApp();
    const user = await buildUser(app.built.services, { displayName: 'Maria Santos', country: 'PH' });
    lead = new TestClient(app.url);
    await lead.login(user.email, TEST_PASSWORD);
    const created = await lead.call(caseRoutes.create, {
      body: { title: 'Operation Coral', sensitivity: 'RESTRICTED', countries: ['PH', 'MY'] },
    });
    caseId = (created.body as Case).id;
  });

  afterAll(async () => {
    for (const doc of docs) doc.destroy();
    await app?.close();
  });

  async function open(documentId: string): Promise<Y.Doc> {
    const client = connectDoc(app.url, lead, documentId);
    docs.push(client);
    await withTimeout(client.synced, 5_000, 'sync');
    await eventually(() => expect(outline(client.doc).length).toBeGreaterThan(0));
    return client.doc;
  }

  it('a new document from the template has every section, as level-2 headings in order', async () => {
    const created = await lead.call(caseRoutes.createDocument, {
      params: { id: caseId },
      body: { title: 'MLA to Malaysia', template: 'mla_request' },
    });
    expect(created.status).toBe(201);
    const nodes = outline(await open(created.body.id));
    expect(nodes[0]).toEqual({
      type: 'heading',
      level: 1,
      text: 'Request for mutual legal assistance in criminal matters',
    });
    const sections = nodes.filter((node) => node.type === 'heading' && node.level === 2);
    expect(sections.map((node) => node.text)).toEqual(MLA_SECTIONS);
    // Each section is followed by something to fill in, not by the next heading.
    for (const section of MLA_SECTIONS) {
      const index = nodes.findIndex((node) => node.type === 'heading' && node.text === section);
      expect(nodes[index + 1]?.type, section).not.toBe('heading');
    }
  });

  it("an MLA request's draft starts from it, with both authorities filled in", async () => {
    const created = await lead.call(caseRoutes.createRequest, {
      params: { id: caseId },
      body: {
        type: 'mutual_legal_assistance',
        title: 'Vessel records',
        fromCountry: 'PH',
        fromAuthority: 'Department of Justice',
        toCountry: 'MY',
        toAuthority: "Attorney General's Chambers",
      },
    });
    expect(created.status).toBe(201);
    const nodes = outline(await open((created.body as CooperationRequest).draftDocumentId));
    expect(
      nodes.filter((node) => node.type === 'heading' && node.level === 2).map((node) => node.text),
    ).toEqual(MLA_SECTIONS);
    const authorities = nodes.findIndex((node) => node.text === 'Requesting and requested authority');
    expect(nodes[authorities + 1]?.text).toContain('Requesting authority: Department of Justice (');
    expect(nodes[authorities + 1]?.text).toContain("Requested authority: Attorney General's Chambers (");
  });
});
