import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { THREAD_LIMITS, type Attachment } from '@serantau/shared';
import { toObjectId } from '../../db/ids';
import { AppError, notFound } from '../../http/errors';
import type { Actor } from '../../policy/actor';
import type { AttachmentStore } from './attachments';
import { canReply } from '../../policy/threads';
import type { ThreadLoader } from './context';
import { refusePosting } from './context';
import type { ThreadsRepo } from './repo';
import { cleanFilename, contentDisposition, sniffAttachment } from '../../http/file-types';

export interface DownloadableFile {
  stream: Readable;
  contentType: string;
  size: number;
  disposition: string;
}

/**
 * Uploads are checked like posts (the uploader must be able to reply in the thread) and by their
 * bytes; downloads like reads of the message that carries them.
 */
export function createAttachmentService(deps: {
  store: AttachmentStore;
  load: ThreadLoader;
  repo: ThreadsRepo;
}) {
  return {
    async upload(actor: Actor, threadId: string, request: FastifyRequest): Promise<Attachment> {
      const { thread, access } = await deps.load.thread(actor, threadId);
      if (!canReply(access, thread)) throw refusePosting(access, thread);
      if (!request.isMultipart()) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file as multipart/form-data in a field named "file"',
        );
      }
      const part = await request.file();
      if (!part || part.fieldname !== 'file') {
        throw new AppError('VALIDATION_FAILED', 'Send the file in a field named "file"');
      }
      const bytes = await part.toBuffer();
      if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'The file is empty');
      if (bytes.length > THREAD_LIMITS.attachmentMaxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', 'The file is too large');
      }
      const filename = cleanFilename(part.filename || 'file', THREAD_LIMITS.filenameMaxLength);
      const sniffed = sniffAttachment(bytes, part.mimetype, filename);
      if (!sniffed.ok) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          sniffed.reason === 'mismatch'
            ? 'The file’s content does not match its name or declared type'
            : 'Only PDF, PNG, JPEG, Word, Excel, PowerPoint, text and CSV files can be attached',
        );
      }
      const stored = await deps.store.store(bytes, filename, {
        uploaderId: toObjectId(actor.userId),
        threadId: thread._id,
        containerKey: thread.containerKey,
        contentType: sniffed.mime,
      });
      return {
        id: stored.id.toHexString(),
        filename: stored.filename,
        contentType: sniffed.mime,
        size: stored.size,
      };
    },

    /**
     * Readable when the thread is readable and the message carrying the file is shown to this
     * viewer (moderators also for hidden ones). An unsent upload is its uploader's alone.
     */
    async download(actor: Actor, attachmentId: string): Promise<DownloadableFile> {
      const file = await deps.store.find(toObjectId(attachmentId));
      if (!file) throw notFound('Attachment');
      const { access } = await deps.load.thread(actor, file.metadata.threadId).catch(() => {
        throw notFound('Attachment');
      });
      if (file.metadata.messageId) {
        const message = await deps.repo.messages.findById(file.metadata.messageId);
        if (!message || !message.threadId.equals(file.metadata.threadId) || message.deletedAt)
          throw notFound('Attachment');
        if (message.hidden && !access.moderate) throw notFound('Attachment');
      } else if (file.metadata.uploaderId.toHexString() !== actor.userId) {
        throw notFound('Attachment');
      }
      return {
        stream: deps.store.open(file.id),
        contentType: file.metadata.contentType.startsWith('text/')
          ? `${file.metadata.contentType}; charset=utf-8`
          : file.metadata.contentType,
        size: file.size,
        disposition: contentDisposition(file.filename),
      };
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
