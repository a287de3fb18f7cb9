import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREAD_LIMITS, channelRoutes, threadRoutes } from '@serantau/shared';
import { startApp, type TestApp } from '../../helpers/app';
import {
  clientId,
  closeSockets,
  createChannel,
  send,
  signIn,
  startThread,
  type Member,
} from '../../helpers/channels';
import { PDF_BYTES, PNG_BYTES, buildDocx, buildZip, uploadFile } from '../../helpers/files';
import { emitAck } from '../../helpers/socket';

describe('channels: attachments in GridFS', () => {
  let app: TestApp;
  let admin: Member;
  let author: Member;
  let colleague: Member;
  let outsider: Member;
  let channelId: string;
  let threadId: string;

  beforeAll(async () => {
    app = await startApp();
    admin = await signIn(app, { role: 'admin', country: 'ASEAN-SEC' });
    author = await signIn(app, { country: 'ID' });
    colleague = await signIn(app, { country: 'MY' });
    outsider = await signIn(app, { country: 'LA' });
    const channel = await createChannel(admin, { kind: 'private' });
    channelId = channel.id;
    for (const member of [author, colleague]) {
      await admin.client.call(channelRoutes.addMember, {
        params: { id: channel.id },
        body: { userId: member.id },
      });
    }
    threadId = (await startThread(author, channel.id)).id;
  });
  afterAll(async () => {
    closeSockets(admin, author, colleague, outsider);
    await app?.close();
  });

  it('a PDF is stored, attached to a message and downloaded as a file, never rendered', async () => {
    const upload = await uploadFile(author.client, threadId, {
      bytes: PDF_BYTES,
      name: 'Témoignage victime.pdf',
      type: 'application/pdf',
    });
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      contentType: 'application/pdf',
      size: PDF_BYTES.length,
      filename: 'Témoignage victime.pdf',
    });
    // Before it is sent, only the uploader may fetch it.
    expect((await colleague.client.request('GET', `/api/attachments/${upload.body.id}`)).status).toBe(404);

    const message = await send(await author.socket(), threadId, 'Statement attached', {
      attachmentIds: [upload.body.id],
    });
    expect(message.attachments).toEqual([upload.body]);

    const download = await fetch(`${app.url}/api/attachments/${upload.body.id}`, {
      headers: { cookie: colleague.client.cookie! },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="T_moignage victime.pdf"; filename*=UTF-8''T%C3%A9moignage%20victime.pdf`,
    );
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF_BYTES);

    expect((await outsider.client.request('GET', `/api/attachments/${upload.body.id}`)).status).toBe(404);
    // An upload cannot be attached twice, nor by someone else.
    const again = await emitAck(await colleague.socket(), 'message:send', {
      threadId,
      clientMessageId: clientId(),
      body: 'reusing',
      attachmentIds: [upload.body.id],
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('accepts Office documents and images whose bytes match their names', async () => {
    const docx = await uploadFile(author.client, threadId, {
      bytes: buildDocx(),
      name: 'MLA request.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(docx.status).toBe(201);
    const png = await uploadFile(author.client, threadId, {
      bytes: PNG_BYTES,
      name: 'map.png',
      type: 'application/octet-stream',
    });
    expect(png.body.contentType).toBe('image/png');
    const text = await uploadFile(author.client, threadId, {
      bytes: Buffer.from('name,country\nA,TH\n'),
      name: 'list.csv',
      type: 'text/csv',
    });
    expect(text.body.contentType).toBe('text/csv');
  });

  it('refuses disguised, unsupported, oversized and unauthorised uploads', async () => {
    const cases: [string, { bytes: Buffer; name: string; type: string }, number][] = [
      [
        'HTML named .pdf',
        {
          bytes: Buffer.from('<html><script>alert(1)</script></html>'),
          name: 'report.pdf',
          type: 'application/pdf',
        },
        415,
      ],
      ['PNG declared JPEG', { bytes: PNG_BYTES, name: 'photo.jpg', type: 'image/jpeg' }, 415],
      ['PNG declared PNG, named .pdf', { bytes: PNG_BYTES, name: 'photo.pdf', type: 'image/png' }, 415],
      [
        'Windows executable',
        {
          bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]),
          name: 'tool.docx',
          type: 'application/octet-stream',
        },
        415,
      ],
      [
        'a ZIP that is not an Office file',
        {
          bytes: buildZip({ 'payload.js': 'alert(1)' }),
          name: 'evil.docx',
          type: 'application/octet-stream',
        },
        415,
      ],
      [
        'SVG (script-capable)',
        {
          bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
          name: 'x.svg',
          type: 'image/svg+xml',
        },
        415,
      ],
      [
        'HTML as text',
        { bytes: Buffer.from('<script>alert(1)</script>'), name: 'notes.txt', type: 'text/html' },
        415,
      ],
    ];
    for (const [label, file, status] of cases) {
      const result = await uploadFile(author.client, threadId, file);
      expect({ label, status: result.status }).toEqual({ label, status });
    }
    const big = await uploadFile(author.client, threadId, {
      bytes: Buffer.concat([PDF_BYTES, Buffer.alloc(THREAD_LIMITS.attachmentMaxBytes)]),
      name: 'big.pdf',
      type: 'application/pdf',
    });
    expect(big.status).toBe(413);
    expect(
      (
        await uploadFile(outsider.client, threadId, {
          bytes: PDF_BYTES,
          name: 'a.pdf',
          type: 'application/pdf',
        })
      ).status,
    ).toBe(404);
    const noCsrf = await uploadFile(
      author.client,
      threadId,
      { bytes: PDF_BYTES, name: 'a.pdf', type: 'application/pdf' },
      { 'x-csrf-token': 'wrong' },
    );
    expect(noCsrf.status).toBe(403);
    const json = await author.client.request('POST', `/api/threads/${threadId}/attachments`, {
      body: { file: 'x' },
    });
    expect(json.status).toBe(415);
  });

  it('files on a hidden message are withheld from members but not from moderators', async () => {
    const upload = await uploadFile(author.client, threadId, {
      bytes: PDF_BYTES,
      name: 'to-hide.pdf',
      type: 'application/pdf',
    });
    const message = await send(await author.socket(), threadId, 'with file', {
      attachmentIds: [upload.body.id],
    });
    await admin.client.call(channelRoutes.addModerator, { params: { id: channelId, userId: admin.id } });
    expect(
      (
        await admin.client.call(threadRoutes.hide, {
          params: { id: message.id },
          body: { reason: 'Contains an identity document' },
        })
      ).status,
    ).toBe(200);
    expect((await colleague.client.request('GET', `/api/attachments/${upload.body.id}`)).status).toBe(404);
    expect((await admin.client.request('GET', `/api/attachments/${upload.body.id}`)).status).toBe(200);
  });
});
