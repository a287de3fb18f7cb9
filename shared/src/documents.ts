import { z } from 'zod';
import { CursorSchema, IdSchema, IsoDateTimeSchema, blockText, lineText, pageOf } from './common';
import { HandlingInputSchema, HandlingSchema } from './handling';
import { defineRoute } from './http';

/**
 * Co-edited documents. Every Yjs document has a metadata record; its owner (a case, a thread…)
 * decides who may open it. Features create documents through the server's documents service.
 */
export const DOCUMENT_KINDS = ['case_note', 'request_draft', 'thread_summary'] as const;
export const DocumentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKindSchema>;

/** Owner types are registered on the server (`case`, `thread`, …); the name is a plain slug. */
export const DocumentOwnerSchema = z.object({
  type: z.string().regex(/^[a-z][a-z_]{1,31}$/, 'must be an owner type'),
  id: IdSchema,
});
export type DocumentOwner = z.infer<typeof DocumentOwnerSchema>;

export const DOCUMENT_TEMPLATES = ['blank', 'joint_strategy_note', 'mla_request'] as const;
export const DocumentTemplateSchema = z.enum(DOCUMENT_TEMPLATES);
export type DocumentTemplate = z.infer<typeof DocumentTemplateSchema>;

export const DOCUMENT_ACCESS = ['edit', 'view'] as const;
export const DocumentAccessSchema = z.enum(DOCUMENT_ACCESS);
export type DocumentAccess = z.infer<typeof DocumentAccessSchema>;

/** A person as shown next to an action (author, mover, assignee). */
export const PersonRefSchema = z.object({ id: IdSchema, name: z.string() });
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const DocumentTitleSchema = lineText(200);

export const DocumentSchema = z.object({
  id: IdSchema,
  kind: DocumentKindSchema,
  owner: DocumentOwnerSchema,
  title: z.string(),
  template: DocumentTemplateSchema,
  /** Handling code (case material only; null for e.g. thread summaries). */
  handling: HandlingSchema.nullable(),
  /** The case the document belongs to, if any. */
  caseId: IdSchema.nullable(),
  /** For a request draft: the legal-cooperation request it drafts. */
  requestId: IdSchema.nullable(),
  createdBy: PersonRefSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** What the signed-in user may do with it. */
  access: DocumentAccessSchema,
});
export type DocumentMeta = z.infer<typeof DocumentSchema>;

export const UpdateDocumentBodySchema = z
  .strictObject({
    title: DocumentTitleSchema.optional(),
    handling: HandlingInputSchema.optional(),
  })
  .refine((value) => value.title !== undefined || value.handling !== undefined, 'nothing to change');
export type UpdateDocumentBody = z.infer<typeof UpdateDocumentBodySchema>;

// ---- Versions -------------------------------------------------------------------------------

/**
 * `auto`: taken while a document is being edited; `named`: saved on demand; `sent`: frozen when a
 * legal-cooperation request was marked sent; `before_restore`: the state just before a restore.
 */
export const VERSION_KINDS = ['auto', 'named', 'sent', 'before_restore'] as const;
export const VersionKindSchema = z.enum(VERSION_KINDS);
export type VersionKind = z.infer<typeof VersionKindSchema>;

export const DocumentVersionSchema = z.object({
  id: IdSchema,
  documentId: IdSchema,
  kind: VersionKindSchema,
  name: z.string(),
  createdBy: PersonRefSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  sizeBytes: z.number().int().nonnegative(),
  /** Locked versions (e.g. what was sent to another country) are kept forever. */
  locked: z.boolean(),
});
export type DocumentVersion = z.infer<typeof DocumentVersionSchema>;

export const CreateVersionBodySchema = z.strictObject({ name: lineText(120) });
export type CreateVersionBody = z.infer<typeof CreateVersionBodySchema>;

export const VersionContentSchema = z.object({
  version: DocumentVersionSchema,
  /** The version's full Yjs state (update format v1), base64. */
  state: z.string(),
});
export type VersionContent = z.infer<typeof VersionContentSchema>;

export const DocumentVersionParamsSchema = z.strictObject({ id: IdSchema, versionId: IdSchema });

/** Most versions one page of the history returns. */
export const VERSION_PAGE_MAX = 200;

export const VersionListQuerySchema = z.strictObject({
  /** `nextCursor` of the previous page: the history continues with the versions older than it. */
  before: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(VERSION_PAGE_MAX).default(50),
  /** Only one kind: named and sent versions would otherwise hide among hundreds of automatic ones. */
  kind: VersionKindSchema.optional(),
});
export type VersionListQuery = z.infer<typeof VersionListQuerySchema>;

export const VersionPageSchema = pageOf(DocumentVersionSchema);
export type VersionPage = z.infer<typeof VersionPageSchema>;

// ---- Comments -------------------------------------------------------------------------------

/** A Yjs relative position (Y.encodeRelativePosition), base64: it follows the text as it moves. */
export const RelativePositionSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');

export const CommentAnchorSchema = z.strictObject({
  start: RelativePositionSchema,
  end: RelativePositionSchema,
});
export type CommentAnchor = z.infer<typeof CommentAnchorSchema>;

export const CommentBodyTextSchema = blockText(4000, 1);

export const CommentReplySchema = z.object({
  id: IdSchema,
  author: PersonRefSchema,
  body: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type CommentReply = z.infer<typeof CommentReplySchema>;

export const DocumentCommentSchema = z.object({
  id: IdSchema,
  documentId: IdSchema,
  anchor: z.object({ start: z.string(), end: z.string() }),
  /** The text that was selected when the comment was made (shown if the text was deleted since). */
  quote: z.string(),
  author: PersonRefSchema,
  body: z.string(),
  createdAt: IsoDateTimeSchema,
  resolved: z.boolean(),
  resolvedBy: PersonRefSchema.nullable(),
  resolvedAt: IsoDateTimeSchema.nullable(),
  replies: z.array(CommentReplySchema),
});
export type DocumentComment = z.infer<typeof DocumentCommentSchema>;

export const CreateCommentBodySchema = z.strictObject({
  anchor: CommentAnchorSchema,
  quote: z.string().max(500),
  body: CommentBodyTextSchema,
});
export type CreateCommentBody = z.infer<typeof CreateCommentBodySchema>;

export const ReplyCommentBodySchema = z.strictObject({ body: CommentBodyTextSchema });
export const ResolveCommentBodySchema = z.strictObject({ resolved: z.boolean() });
export const DocumentCommentParamsSchema = z.strictObject({ id: IdSchema, commentId: IdSchema });

// ---- Export ---------------------------------------------------------------------------------

export const EXPORT_FORMATS = ['markdown', 'docx', 'pdf'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const EXPORT_MIME_TYPES: Record<ExportFormat, string> = {
  markdown: 'text/markdown; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { markdown: 'md', docx: 'docx', pdf: 'pdf' };

export const ExportBodySchema = z.strictObject({
  format: ExportFormatSchema,
  /** Export a saved version instead of the current text. */
  versionId: IdSchema.optional(),
});
export type ExportBody = z.infer<typeof ExportBodySchema>;

// ---- Routes ---------------------------------------------------------------------------------

const IdParams = z.strictObject({ id: IdSchema });

export const documentRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/api/documents/:id',
    summary: "A document's metadata and the caller's access",
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    response: DocumentSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/documents/:id',
    summary: 'Rename a document or change its handling code',
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    body: UpdateDocumentBodySchema,
    response: DocumentSchema,
  }),
  versions: defineRoute({
    method: 'GET',
    path: '/api/documents/:id/versions',
    summary: 'Saved versions of a document, newest first, a page at a time',
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    query: VersionListQuerySchema,
    response: VersionPageSchema,
  }),
  createVersion: defineRoute({
    method: 'POST',
    path: '/api/documents/:id/versions',
    summary: 'Save a named version of the current text',
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    body: CreateVersionBodySchema,
    response: DocumentVersionSchema,
    status: 201,
  }),
  version: defineRoute({
    method: 'GET',
    path: '/api/documents/:id/versions/:versionId',
    summary: "A saved version's content (Yjs state) for read-only viewing and comparison",
    tag: 'documents',
    auth: 'session',
    params: DocumentVersionParamsSchema,
    response: VersionContentSchema,
  }),
  restoreVersion: defineRoute({
    method: 'POST',
    path: '/api/documents/:id/versions/:versionId/restore',
    summary: 'Restore a version: its text becomes a new change on top of the history',
    tag: 'documents',
    auth: 'session',
    params: DocumentVersionParamsSchema,
    response: DocumentVersionSchema,
  }),
  comments: defineRoute({
    method: 'GET',
    path: '/api/documents/:id/comments',
    summary: "A document's comments with their replies",
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    response: z.object({ items: z.array(DocumentCommentSchema) }),
  }),
  createComment: defineRoute({
    method: 'POST',
    path: '/api/documents/:id/comments',
    summary: 'Comment on a selected passage',
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    body: CreateCommentBodySchema,
    response: DocumentCommentSchema,
    status: 201,
  }),
  replyComment: defineRoute({
    method: 'POST',
    path: '/api/documents/:id/comments/:commentId/replies',
    summary: 'Reply to a comment',
    tag: 'documents',
    auth: 'session',
    params: DocumentCommentParamsSchema,
    body: ReplyCommentBodySchema,
    response: DocumentCommentSchema,
    status: 201,
  }),
  resolveComment: defineRoute({
    method: 'PATCH',
    path: '/api/documents/:id/comments/:commentId',
    summary: 'Resolve or reopen a comment',
    tag: 'documents',
    auth: 'session',
    params: DocumentCommentParamsSchema,
    body: ResolveCommentBodySchema,
    response: DocumentCommentSchema,
  }),
  export: defineRoute({
    method: 'POST',
    path: '/api/documents/:id/export',
    summary: 'Export as Markdown, DOCX or PDF (marked with the sensitivity label and handling code)',
    tag: 'documents',
    auth: 'session',
    params: IdParams,
    body: ExportBodySchema,
    // The reply is the file itself (Content-Type per format); the schema documents it as binary.
    response: z.string().describe('the exported file'),
  }),
};
