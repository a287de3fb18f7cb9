import { Binary, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentRoutes, type DocumentComment, type DocumentVersion } from '@serantau/shared';
import type { OwnerAccess } from '@serantau/server/collab/owners';
import type { VersionDoc } from '@serantau/server/modules/documents/repo';
import { JOINT_STRATEGY_SECTIONS } from '@serantau/server/modules/documents/templates';
import { startApp, type TestApp } from '../../helpers/app';
import { appendParagraph, connectDoc, eventually, withTimeout, type DocClient } from '../../helpers/collab';
import { buildUser, TEST_PASSWORD } from '../../helpers/factories';
import { TestClient } from '../../helpers/http';
import { pdfPages, unzip, wordText } from './export-files';

/** "YYYY-MM-DD HH:MM" for every minute from `from` to `to` (an export stamped while the request ran). */
function minuteStamps(from: Date, to: Date): string[] {
  const stamps: string[] = [];
  for (let at = Math.floor(from.getTime() / 60_000) * 60_000; at <= to.getTime(); at += 60_000)
    stamps.push(new Date(at).toISOString().slice(0, 16).replace('T', ' '));
  return stamps;
}

/** Document REST routes (versions, restore, comments, export) through a test owner type. */
describe('documents', () => {
  let app: TestApp;
  const roomId = new ObjectId().toHexString();
  const grants = new Map<string, OwnerAccess>();
  const open: DocClient[] = [];
  const users: Record<string, { id: string; client: TestClient }> = {};

  async function person(name: string, grant: OwnerAccess) {
    const user = await buildUser(app.built.services, { displayName: name });
    const client = new TestClient(app.url);
    await client.login(user.email, TEST_PASSWORD);
    grants.set(user._id.toHexString(), grant);
    users[name] = { id: user._id.toHexString(), client };
    return users[name];
  }

  beforeAll(async () => {
    app = await startApp({ collab: { unloadAfterMs: 100, autoVersionIntervalMs: 0 } });
    app.built.services.collab.registerDocumentOwner('test_room', {
      access: async (actor) => grants.get(actor.userId) ?? 'none',
      can: async (actor, _ownerId, action) =>
        action === 'export' ? grants.get(actor.userId) === 'edit' : false,
      exportMarking: async () => ({ sensitivity: 'CONFIDENTIAL', context: 'Case: Operation Coral' }),
    });
    await person('Lead Prosecutor', 'edit');
    await person('Second Prosecutor', 'edit');
    await person('Observer', 'view');
    await person('Stranger', 'none');
  });

  afterAll(async () => {
    for (const client of open) client.destroy();
    await app?.close();
  });

  async function createDoc(template: 'blank' | 'joint_strategy_note' = 'blank') {
    const lead = users['Lead Prosecutor'];
    const doc = await app.built.services.documents.createDocument({
      kind: 'case_note',
      owner: { type: 'test_room', id: roomId },
      title: 'Joint strategy',
      template,
      templateContext: {
        caseTitle: 'Operation Coral',
        caseSummary: 'Recruitment via fake job ads.',
        countries: ['PH', 'MY'],
      },
      handling: {
        code: 'originator_permission',
        agencyIds: [],
        agencyNames: [],
        originatorId: new ObjectId(lead?.id),
        originatorName: 'Lead Prosecutor',
        permittedUserIds: [],
      },
      createdBy: { id: lead?.id ?? '', name: 'Lead Prosecutor' },
    });
    return doc._id.toHexString();
  }

  it('starts from the joint strategy template and answers metadata by access', async () => {
    const id = await createDoc('joint_strategy_note');
    const lead = users['Lead Prosecutor']?.client;
    const reader = connectDoc(app.url, lead ?? null, id);
    open.push(reader);
    await withTimeout(reader.synced, 5_000, 'sync');
    for (const section of JOINT_STRATEGY_SECTIONS) expect(reader.text()).toContain(section);
    expect(reader.text()).toContain('Recruitment via fake job ads.');

    const meta = await lead?.call(documentRoutes.get, { params: { id } });
    expect(meta?.status).toBe(200);
    expect(meta?.body).toMatchObject({ id, access: 'edit', handling: { code: 'originator_permission' } });
    const observer = await users.Observer?.client.call(documentRoutes.get, { params: { id } });
    expect(observer?.body).toMatchObject({ access: 'view' });
    const stranger = await users.Stranger?.client.call(documentRoutes.get, { params: { id } });
    expect(stranger?.status).toBe(403);
    const audit = await app.built.services.audit.list(
      { targetId: id, action: 'document.read' },
      undefined,
      20,
    );
    expect(audit.map((entry) => entry.outcome).sort()).toEqual(['allowed', 'allowed', 'denied']);
  });

  it('saves named and automatic versions, shows them read-only and restores on top of history', async () => {
    const id = await createDoc();
    const lead = users['Lead Prosecutor']?.client;
    const second = users['Second Prosecutor']?.client;
    const a = connectDoc(app.url, lead ?? null, id);
    const b = connectDoc(app.url, second ?? null, id);
    open.push(a, b);
    await withTimeout(Promise.all([a.synced, b.synced]), 5_000, 'sync');
    appendParagraph(a.doc, 'Version one text');
    await eventually(() => expect(b.text()).toContain('Version one text'));
    const named = await lead?.call(documentRoutes.createVersion, {
      params: { id },
      body: { name: 'Agreed at Bangkok meeting' },
    });
    expect(named?.status).toBe(201);
    const versionId = (named?.body as DocumentVersion).id;

    appendParagraph(b.doc, 'Later rewrite');
    await eventually(() => expect(a.text()).toContain('Later rewrite'));

    const content = await second?.call(documentRoutes.version, { params: { id, versionId } });
    const versionDoc = new Y.Doc();
    Y.applyUpdate(versionDoc, Buffer.from(content?.body.state ?? '', 'base64'));
    expect(JSON.stringify(versionDoc.getXmlFragment('default').toJSON())).toContain('Version one text');
    expect(JSON.stringify(versionDoc.getXmlFragment('default').toJSON())).not.toContain('Later rewrite');

    const denied = await users.Observer?.client.call(documentRoutes.restoreVersion, {
      params: { id, versionId },
    });
    expect(denied?.status).toBe(403);
    // A comment anchored in a paragraph the restore does not change stays anchored.
    const kept = a.doc
      .getXmlFragment('default')
      .toArray()
      .find((node) => node instanceof Y.XmlElement && node.toString().includes('Version one text'));
    const keptText = (kept as Y.XmlElement).get(0) as Y.XmlText;
    const anchor = Y.createRelativePositionFromTypeIndex(keptText, 8);
    const restored = await lead?.call(documentRoutes.restoreVersion, { params: { id, versionId } });
    expect(restored?.status).toBe(200);
    expect(restored?.body).toMatchObject({ kind: 'before_restore' });
    // Both editors see the restored text live; history grew instead of being rewritten.
    await eventually(() => {
      expect(a.text().trim()).toBe('Version one text');
      expect(b.text().trim()).toBe('Version one text');
    });
    const resolved = Y.createAbsolutePositionFromRelativePosition(anchor, a.doc);
    expect(resolved?.type).toBe(keptText);
    expect(keptText._item?.deleted).toBe(false);
    const list = await lead?.call(documentRoutes.versions, { params: { id } });
    const kinds = (list?.body.items ?? []).map((version) => version.kind);
    expect(kinds).toEqual(expect.arrayContaining(['named', 'before_restore', 'auto']));
    const restoreAudit = await app.built.services.audit.list(
      { targetId: id, action: 'document.version_restored' },
      undefined,
      5,
    );
    expect(restoreAudit.map((entry) => entry.outcome).sort()).toEqual(['allowed', 'denied']);
  });

  it('pages through a long version history by cursor, every version once, newest first', async () => {
    const id = await createDoc();
    const documentId = new ObjectId(id);
    const collection = app.database.db.collection<VersionDoc>('doc_versions');
    const start = Date.now() - 10 * 60_000;
    // More than four default pages; versions come three to a millisecond so the _id tie-break is exercised.
    const inserted: VersionDoc[] = Array.from({ length: 212 }, (_, index) => {
      const kind = index % 50 === 7 ? 'sent' : index % 10 === 3 ? 'named' : 'auto';
      return {
        _id: new ObjectId(),
        documentId,
        kind,
        name: `Version ${index}`,
        createdBy: null,
        createdAt: new Date(start + Math.floor(index / 3)),
        state: new Binary(Buffer.from([0, 0])),
        size: 2,
        locked: kind === 'sent',
      };
    });
    await collection.insertMany(inserted);
    const expected = (await collection.find({ documentId }).toArray())
      .sort(
        (a, b) =>
          b.createdAt.getTime() - a.createdAt.getTime() ||
          b._id.toHexString().localeCompare(a._id.toHexString()),
      )
      .map((version) => version._id.toHexString());
    expect(expected.length).toBeGreaterThanOrEqual(212);

    const observer = users.Observer?.client;
    const walk = async (query: { limit?: number; kind?: 'named' | 'sent' }) => {
      const seen: DocumentVersion[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 100; pages += 1) {
        const page = await observer?.call(documentRoutes.versions, {
          params: { id },
          query: { ...query, before },
        });
        expect(page?.status).toBe(200);
        seen.push(...(page?.body.items ?? []));
        before = page?.body.nextCursor ?? undefined;
        if (!before) return { seen, pages: pages + 1 };
      }
      throw new Error('the history never ended');
    };
    const all = await walk({});
    expect(all.seen.map((version) => version.id)).toEqual(expected);
    expect(all.pages).toBe(Math.ceil(expected.length / 50));
    const big = await walk({ limit: 200 });
    expect(big.seen.map((version) => version.id)).toEqual(expected);
    expect(big.pages).toBe(2);
    // The oldest named and sent versions, far below the first page, are reachable by their kind too.
    const named = await walk({ kind: 'named', limit: 7 });
    expect(named.seen.map((version) => version.id)).toEqual(
      all.seen.filter((version) => version.kind === 'named').map((version) => version.id),
    );
    expect(named.seen.at(-1)?.name).toBe('Version 3');
    const sent = await walk({ kind: 'sent' });
    expect(sent.seen.map((version) => version.name)).toEqual([
      'Version 207',
      'Version 157',
      'Version 107',
      'Version 57',
      'Version 7',
    ]);
    expect(sent.seen.every((version) => version.locked)).toBe(true);

    const listingAudit = async () =>
      (
        await app.built.services.audit.list(
          { targetId: id, action: 'document.versions_listed' },
          undefined,
          200,
        )
      ).length;
    const auditedBefore = await listingAudit();
    const badCursors = [
      'not a cursor!',
      'x'.repeat(600),
      Buffer.from('not json').toString('base64url'),
      Buffer.from(JSON.stringify({ at: 1, id: 'zz' })).toString('base64url'),
      Buffer.from(JSON.stringify({ at: -1, id: id })).toString('base64url'),
      Buffer.from(JSON.stringify({ at: 1.5, id: id })).toString('base64url'),
      Buffer.from(JSON.stringify({ at: 1, id: id, extra: true })).toString('base64url'),
      Buffer.from('{"at":1e400,"id":"' + id + '"}').toString('base64url'),
      id,
    ];
    for (const before of badCursors) {
      const refused = await observer?.request(
        'GET',
        `/api/documents/${id}/versions?before=${encodeURIComponent(before)}`,
      );
      expect(refused?.status, before).toBe(400);
      expect(refused?.body).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
    for (const query of ['limit=0', 'limit=201', 'limit=ten', 'kind=everything', 'after=x']) {
      const refused = await observer?.request('GET', `/api/documents/${id}/versions?${query}`);
      expect(refused?.status, query).toBe(400);
      expect(refused?.body).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
    // Malformed requests are refused before the listing is authorised, so they leave no audit entry.
    expect(await listingAudit()).toBe(auditedBefore);

    const stranger = await users.Stranger?.client.call(documentRoutes.versions, {
      params: { id },
      query: { limit: 10 },
    });
    expect(stranger?.status).toBe(403);
    expect(JSON.stringify(stranger?.body)).not.toContain('Version');
    const denied = await app.built.services.audit.list(
      { targetId: id, action: 'document.versions_listed' },
      undefined,
      200,
    );
    expect(denied.filter((entry) => entry.outcome === 'denied').map((entry) => entry.actorId)).toEqual([
      users.Stranger?.id,
    ]);
  });

  it('anchors comments, with replies and resolution; viewers may read but not write them', async () => {
    const id = await createDoc();
    const lead = users['Lead Prosecutor']?.client;
    const a = connectDoc(app.url, lead ?? null, id);
    open.push(a);
    await withTimeout(a.synced, 5_000, 'sync');
    appendParagraph(a.doc, 'Victims were recruited in Cebu');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const paragraph = a.doc
      .getXmlFragment('default')
      .get(a.doc.getXmlFragment('default').length - 1) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    const encode = (index: number) =>
      Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString(
        'base64',
      );
    const created = await lead?.call(documentRoutes.createComment, {
      params: { id },
      body: {
        anchor: { start: encode(26), end: encode(30) },
        quote: 'Cebu',
        body: 'Confirm with PNP which barangay.',
      },
    });
    expect(created?.status).toBe(201);
    const comment = created?.body as DocumentComment;
    // Text inserted before the anchor moves the passage; the anchor follows it.
    text.insert(0, 'In 2023, ');
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(Buffer.from(comment.anchor.start, 'base64')),
      a.doc,
    );
    expect(text.toString().slice(start?.index ?? 0, (start?.index ?? 0) + 4)).toBe('Cebu');

    const reply = await users['Second Prosecutor']?.client.call(documentRoutes.replyComment, {
      params: { id, commentId: comment.id },
      body: { body: 'Asked them today.' },
    });
    expect(reply?.body).toMatchObject({ replies: [{ body: 'Asked them today.' }] });
    const observerWrite = await users.Observer?.client.call(documentRoutes.createComment, {
      params: { id },
      body: { anchor: comment.anchor, quote: 'x', body: 'Should not work' },
    });
    expect(observerWrite?.status).toBe(403);
    const resolved = await lead?.call(documentRoutes.resolveComment, {
      params: { id, commentId: comment.id },
      body: { resolved: true },
    });
    expect(resolved?.body).toMatchObject({ resolved: true, resolvedBy: { name: 'Lead Prosecutor' } });
    const listed = await users.Observer?.client.call(documentRoutes.comments, { params: { id } });
    expect(listed?.body.items).toHaveLength(1);
  });

  it('exports Markdown, DOCX and PDF with the labels, and enforces the handling code', async () => {
    const id = await createDoc();
    const lead = users['Lead Prosecutor']?.client;
    const a = connectDoc(app.url, lead ?? null, id);
    open.push(a);
    await withTimeout(a.synced, 5_000, 'sync');
    appendParagraph(a.doc, '<script>alert(1)</script> **not bold** [x](javascript:alert(1))');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const markdown = await lead?.request<string>('POST', `/api/documents/${id}/export`, {
      body: { format: 'markdown' },
    });
    expect(markdown?.status).toBe(200);
    expect(markdown?.headers.get('content-type')).toContain('text/markdown');
    expect(markdown?.headers.get('content-disposition')).toContain('Joint-strategy.md');
    const body = String(markdown?.body);
    expect(body).toContain('**CONFIDENTIAL**');
    expect(body).toContain("Originator\\'s permission".replace("\\'", "'"));
    expect(body).toMatch(/Exported by Lead Prosecutor on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(body).toContain('\\<script\\>');
    expect(body).toContain('\\*\\*not bold\\*\\*');
    expect(body).not.toContain('<script>');

    // Long enough for several pages: every page must carry the label and the export line.
    for (let index = 1; index <= 60; index += 1)
      appendParagraph(
        a.doc,
        `Paragraph ${index}: Bộ Công an and PNP coordinate the rescue at sea. `.repeat(3),
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exportBytes = async (format: 'docx' | 'pdf') => {
      const before = new Date();
      const response = await fetch(`${app.url}/api/documents/${id}/export`, {
        method: 'POST',
        headers: {
          cookie: lead?.cookie ?? '',
          'x-csrf-token': lead?.csrfToken ?? '',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ format }),
      });
      expect(response.status).toBe(200);
      return { bytes: Buffer.from(await response.arrayBuffer()), stamps: minuteStamps(before, new Date()) };
    };
    const exportedBy = (stamps: string[]) =>
      new RegExp(`Exported by Lead Prosecutor on (${stamps.join('|')}) UTC`);

    // DOCX: the label in every page's header and footer, with the export line in the footer.
    const docx = await exportBytes('docx');
    expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const parts = unzip(docx.bytes);
    const documentXml = parts.get('word/document.xml')?.toString('utf8') ?? '';
    const partName = (kind: 'header' | 'footer') => {
      const relationships = parts.get('word/_rels/document.xml.rels')?.toString('utf8') ?? '';
      const reference = new RegExp(`<w:${kind}Reference [^>]*w:type="default"[^>]*r:id="([^"]+)"`).exec(
        documentXml,
      )?.[1];
      const target = new RegExp(`Id="${reference}"[^>]*Target="([^"]+)"`).exec(relationships)?.[1];
      return target ? `word/${target}` : '';
    };
    const headerText = wordText(parts.get(partName('header'))?.toString('utf8') ?? '');
    const footerText = wordText(parts.get(partName('footer'))?.toString('utf8') ?? '');
    expect(headerText).toContain('CONFIDENTIAL');
    expect(footerText).toContain('CONFIDENTIAL');
    expect(footerText.some((line) => exportedBy(docx.stamps).test(line))).toBe(true);
    const bodyText = wordText(documentXml);
    expect(bodyText.join('\n')).toContain("Originator's permission needed before passing on");
    expect(bodyText).toContain('Joint strategy');
    expect(bodyText.join('\n')).toContain('Paragraph 60: Bộ Công an');
    expect(bodyText.join('\n')).toContain('<script>alert(1)</script>');

    // PDF: content streams inflated, glyphs mapped back to text through the fonts' CMaps.
    const pdf = await exportBytes('pdf');
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const pages = pdfPages(pdf.bytes);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((lines, index) => {
      expect(lines.filter((line) => line === 'CONFIDENTIAL')).toHaveLength(2);
      const footer = lines.find((line) => line.startsWith('Exported by'));
      expect(footer).toMatch(exportedBy(pdf.stamps));
      expect(footer?.endsWith(`  ·  ${index + 1}/${pages.length}`)).toBe(true);
    });
    const allText = pages.flat().join('\n');
    expect(allText).toContain("Handling: Originator's permission needed before passing on");
    expect(allText).toContain('Paragraph 60: Bộ Công an');

    // Originator's permission: the second prosecutor (edit access) may not pass it on; the observer may not export at all.
    const second = await users['Second Prosecutor']?.client.request('POST', `/api/documents/${id}/export`, {
      body: { format: 'markdown' },
    });
    expect(second?.status).toBe(403);
    const observer = await users.Observer?.client.request('POST', `/api/documents/${id}/export`, {
      body: { format: 'pdf' },
    });
    expect(observer?.status).toBe(403);
    const audit = await app.built.services.audit.list(
      { targetId: id, action: 'document.exported' },
      undefined,
      20,
    );
    expect(audit.map((entry) => entry.outcome).sort()).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'denied',
      'denied',
    ]);
    expect(
      audit.find((entry) => entry.outcome === 'denied' && entry.actorId === users['Second Prosecutor']?.id)
        ?.details,
    ).toMatchObject({
      reason: 'handling_code',
      handling: 'originator_permission',
    });
  });
});
