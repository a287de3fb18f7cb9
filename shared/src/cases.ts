import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, OkSchema, blockText, lineText } from './common';
import { DocumentSchema, DocumentTemplateSchema, DocumentTitleSchema, PersonRefSchema } from './documents';
import { HandlingInputSchema, HandlingSchema } from './handling';
import { defineRoute } from './http';
import { JurisdictionCodeSchema } from './jurisdictions';
import { AuditEntrySchema } from './audit';

/**
 * Case workspaces: need-to-know. Only the case team sees anything inside a case, whatever their
 * global role; admins manage teams without reading the material.
 */
export const CASE_STATUSES = ['open', 'active', 'suspended', 'closed'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const SENSITIVITY_LABELS = ['RESTRICTED', 'CONFIDENTIAL'] as const;
export const SensitivitySchema = z.enum(SENSITIVITY_LABELS);
export type Sensitivity = z.infer<typeof SensitivitySchema>;

export const CASE_ROLES = ['lead', 'member', 'viewer'] as const;
export const CaseRoleSchema = z.enum(CASE_ROLES);
export type CaseRole = z.infer<typeof CaseRoleSchema>;

/**
 * What each case role may do inside a case. The server's case policy is the only judge (it also
 * narrows this for closed cases); the client reads the same table to decide what to show.
 */
export const CASE_CAPABILITIES = {
  'case.read': ['lead', 'member', 'viewer'],
  'case.edit': ['lead'],
  'case.changeStatus': ['lead'],
  'team.manage': ['lead'],
  'audit.read': ['lead'],
  'documents.create': ['lead', 'member'],
  'documents.edit': ['lead', 'member'],
  /** Export and download take material out of Serantau: leads and members only. */
  'material.export': ['lead', 'member'],
  'comments.write': ['lead', 'member'],
  'tasks.manage': ['lead', 'member'],
  'requests.manage': ['lead', 'member'],
  'attachments.upload': ['lead', 'member'],
  'handling.change': ['lead'],
} as const satisfies Record<string, readonly CaseRole[]>;
export type CaseCapability = keyof typeof CASE_CAPABILITIES;
export const CaseCapabilitySchema = z.enum(
  Object.keys(CASE_CAPABILITIES) as [CaseCapability, ...CaseCapability[]],
);

/** Capabilities that stay available once a case is closed (it becomes a read-only record). */
export const CLOSED_CASE_CAPABILITIES: readonly CaseCapability[] = [
  'case.read',
  'case.changeStatus',
  'team.manage',
  'audit.read',
  'material.export',
];

export function caseRoleHas(role: CaseRole, capability: CaseCapability, status: CaseStatus): boolean {
  if (status === 'closed' && !CLOSED_CASE_CAPABILITIES.includes(capability)) return false;
  return (CASE_CAPABILITIES[capability] as readonly CaseRole[]).includes(role);
}

export const CaseReferenceSchema = z.object({
  country: JurisdictionCodeSchema,
  reference: lineText(80),
});
export type CaseReference = z.infer<typeof CaseReferenceSchema>;

const CaseTitleSchema = lineText(200, 3);
const CaseSummaryTextSchema = blockText(5000);

/** A case as listed for its team. */
export const CaseListItemSchema = z.object({
  id: IdSchema,
  title: z.string(),
  status: CaseStatusSchema,
  sensitivity: SensitivitySchema,
  countries: z.array(JurisdictionCodeSchema),
  /** The caller's role, or null for an admin managing a team they are not on. */
  myRole: CaseRoleSchema.nullable(),
  teamSize: z.number().int().nonnegative(),
  updatedAt: IsoDateTimeSchema,
});
export type CaseListItem = z.infer<typeof CaseListItemSchema>;

export const CaseSchema = CaseListItemSchema.extend({
  summary: z.string(),
  references: z.array(CaseReferenceSchema),
  createdBy: PersonRefSchema,
  createdAt: IsoDateTimeSchema,
  myRole: CaseRoleSchema,
  /** What the caller may do here (from the case policy). */
  capabilities: z.array(CaseCapabilitySchema),
  /** The case discussion thread, once created by the threads feature. */
  threadId: IdSchema.nullable(),
});
export type Case = z.infer<typeof CaseSchema>;

export const CreateCaseBodySchema = z.strictObject({
  title: CaseTitleSchema,
  summary: CaseSummaryTextSchema.default(''),
  sensitivity: SensitivitySchema,
  countries: z.array(JurisdictionCodeSchema).min(1).max(15),
  references: z
    .array(z.strictObject({ country: JurisdictionCodeSchema, reference: lineText(80) }))
    .max(30)
    .default([]),
});
export type CreateCaseBody = z.infer<typeof CreateCaseBodySchema>;

export const UpdateCaseBodySchema = z
  .strictObject({
    title: CaseTitleSchema.optional(),
    summary: CaseSummaryTextSchema.optional(),
    sensitivity: SensitivitySchema.optional(),
    countries: z.array(JurisdictionCodeSchema).min(1).max(15).optional(),
    references: z
      .array(z.strictObject({ country: JurisdictionCodeSchema, reference: lineText(80) }))
      .max(30)
      .optional(),
  })
  .refine((value) => Object.values(value).some((entry) => entry !== undefined), 'nothing to change');
export type UpdateCaseBody = z.infer<typeof UpdateCaseBodySchema>;

export const ChangeCaseStatusBodySchema = z.strictObject({
  status: CaseStatusSchema,
  note: lineText(500).optional(),
});
export type ChangeCaseStatusBody = z.infer<typeof ChangeCaseStatusBodySchema>;

export const CaseListQuerySchema = z.strictObject({
  /** `all`: every case, for admins managing teams (no material is included). */
  scope: z.enum(['mine', 'all']).default('mine'),
  status: CaseStatusSchema.optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

// ---- Team -----------------------------------------------------------------------------------

export const TeamMemberSchema = z.object({
  userId: IdSchema,
  displayName: z.string(),
  country: JurisdictionCodeSchema,
  agencyName: z.string().nullable(),
  title: z.string(),
  role: CaseRoleSchema,
  addedBy: PersonRefSchema.nullable(),
  addedAt: IsoDateTimeSchema,
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const AddTeamMemberBodySchema = z.strictObject({ userId: IdSchema, role: CaseRoleSchema });
export type AddTeamMemberBody = z.infer<typeof AddTeamMemberBodySchema>;
export const ChangeTeamRoleBodySchema = z.strictObject({ role: CaseRoleSchema });
export const TeamMemberParamsSchema = z.strictObject({ id: IdSchema, userId: IdSchema });

// ---- Tasks ----------------------------------------------------------------------------------

export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** Calendar date (YYYY-MM-DD): due dates are days, not instants, across time zones. */
export const DueDateSchema = z.iso.date();

export const CaseTaskSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  title: z.string(),
  description: z.string(),
  assignee: PersonRefSchema.nullable(),
  dueDate: DueDateSchema.nullable(),
  status: TaskStatusSchema,
  createdBy: PersonRefSchema,
  createdAt: IsoDateTimeSchema,
  completedBy: PersonRefSchema.nullable(),
  completedAt: IsoDateTimeSchema.nullable(),
});
export type CaseTask = z.infer<typeof CaseTaskSchema>;

export const CreateTaskBodySchema = z.strictObject({
  title: lineText(200),
  description: blockText(4000).default(''),
  assigneeId: IdSchema.nullable().default(null),
  dueDate: DueDateSchema.nullable().default(null),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBodySchema>;

export const UpdateTaskBodySchema = z
  .strictObject({
    title: lineText(200).optional(),
    description: blockText(4000).optional(),
    assigneeId: IdSchema.nullable().optional(),
    dueDate: DueDateSchema.nullable().optional(),
    status: TaskStatusSchema.optional(),
  })
  .refine((value) => Object.values(value).some((entry) => entry !== undefined), 'nothing to change');
export type UpdateTaskBody = z.infer<typeof UpdateTaskBodySchema>;
export const TaskParamsSchema = z.strictObject({ id: IdSchema, taskId: IdSchema });

// ---- Timeline -------------------------------------------------------------------------------

/** The case's activity: changes made inside the case (reads are in the lead-only audit trail). */
export const TimelineEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: IsoDateTimeSchema,
  actor: PersonRefSchema.nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelineQuerySchema = z.strictObject({
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

// ---- Legal-cooperation requests -------------------------------------------------------------

export const REQUEST_TYPES = ['mutual_legal_assistance', 'extradition', 'informal'] as const;
export const RequestTypeSchema = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof RequestTypeSchema>;

export const REQUEST_STATUSES = [
  'draft',
  'sent',
  'acknowledged',
  'in_execution',
  'executed',
  'refused',
  'withdrawn',
] as const;
export const RequestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatusSchema>;

/** The status pipeline: which moves are allowed from each status (terminal statuses have none). */
export const REQUEST_TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  draft: ['sent', 'withdrawn'],
  sent: ['acknowledged', 'refused', 'withdrawn'],
  acknowledged: ['in_execution', 'refused', 'withdrawn'],
  in_execution: ['executed', 'refused', 'withdrawn'],
  executed: [],
  refused: [],
  withdrawn: [],
};

export const RequestHistoryEntrySchema = z.object({
  from: RequestStatusSchema.nullable(),
  to: RequestStatusSchema,
  at: IsoDateTimeSchema,
  by: PersonRefSchema,
  note: z.string().nullable(),
});
export type RequestHistoryEntry = z.infer<typeof RequestHistoryEntrySchema>;

export const CooperationRequestSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  type: RequestTypeSchema,
  title: z.string(),
  fromCountry: JurisdictionCodeSchema,
  fromAuthority: z.string(),
  toCountry: JurisdictionCodeSchema,
  toAuthority: z.string(),
  status: RequestStatusSchema,
  dueDate: DueDateSchema.nullable(),
  history: z.array(RequestHistoryEntrySchema),
  /** The co-edited draft of the request. */
  draftDocumentId: IdSchema,
  /** The version of the draft frozen when the request was marked sent. */
  sentVersionId: IdSchema.nullable(),
  sentAt: IsoDateTimeSchema.nullable(),
  handling: HandlingSchema,
  createdBy: PersonRefSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type CooperationRequest = z.infer<typeof CooperationRequestSchema>;

const AuthoritySchema = lineText(200);

export const CreateRequestBodySchema = z
  .strictObject({
    type: RequestTypeSchema,
    title: lineText(200),
    fromCountry: JurisdictionCodeSchema,
    fromAuthority: AuthoritySchema,
    toCountry: JurisdictionCodeSchema,
    toAuthority: AuthoritySchema,
    dueDate: DueDateSchema.nullable().default(null),
    handling: HandlingInputSchema.optional(),
  })
  .refine((value) => value.fromCountry !== value.toCountry, {
    message: 'a request goes between two different countries',
    path: ['toCountry'],
  });
export type CreateRequestBody = z.infer<typeof CreateRequestBodySchema>;

export const UpdateRequestBodySchema = z
  .strictObject({
    title: lineText(200).optional(),
    fromAuthority: AuthoritySchema.optional(),
    toAuthority: AuthoritySchema.optional(),
    dueDate: DueDateSchema.nullable().optional(),
    handling: HandlingInputSchema.optional(),
  })
  .refine((value) => Object.values(value).some((entry) => entry !== undefined), 'nothing to change');
export type UpdateRequestBody = z.infer<typeof UpdateRequestBodySchema>;

export const TransitionRequestBodySchema = z.strictObject({
  to: RequestStatusSchema,
  note: lineText(500).optional(),
});
export type TransitionRequestBody = z.infer<typeof TransitionRequestBodySchema>;
export const RequestParamsSchema = z.strictObject({ id: IdSchema, requestId: IdSchema });

// ---- Attachments ----------------------------------------------------------------------------

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const CaseAttachmentSchema = z.object({
  id: IdSchema,
  caseId: IdSchema,
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  handling: HandlingSchema,
  uploadedBy: PersonRefSchema,
  uploadedAt: IsoDateTimeSchema,
});
export type CaseAttachment = z.infer<typeof CaseAttachmentSchema>;

/** File names travel in the query string of the upload (the body is the raw file). */
export const UploadAttachmentQuerySchema = z.strictObject({
  fileName: lineText(200).refine((value) => !/[\\/]/.test(value), 'must be a file name, not a path'),
  handlingCode: HandlingInputSchema.shape.code.default('team_only'),
});
export const AttachmentParamsSchema = z.strictObject({ id: IdSchema, attachmentId: IdSchema });
export const UpdateAttachmentBodySchema = z.strictObject({ handling: HandlingInputSchema });

// ---- Case documents -------------------------------------------------------------------------

export const CreateCaseDocumentBodySchema = z.strictObject({
  title: DocumentTitleSchema,
  template: DocumentTemplateSchema.default('blank'),
  handling: HandlingInputSchema.optional(),
});
export type CreateCaseDocumentBody = z.infer<typeof CreateCaseDocumentBodySchema>;

// ---- Socket events --------------------------------------------------------------------------

export const CASE_CHANGE_SCOPES = [
  'case',
  'team',
  'tasks',
  'requests',
  'documents',
  'attachments',
  'comments',
  'timeline',
] as const;
export const CaseChangeScopeSchema = z.enum(CASE_CHANGE_SCOPES);
export type CaseChangeScope = z.infer<typeof CaseChangeScopeSchema>;

export const CaseChangedEventSchema = z.object({
  caseId: IdSchema,
  scope: CaseChangeScopeSchema,
  /** For `comments`: the document whose comments changed. */
  documentId: IdSchema.optional(),
});
export type CaseChangedEvent = z.infer<typeof CaseChangedEventSchema>;

export const CaseAccessRevokedEventSchema = z.object({ caseId: IdSchema });
export type CaseAccessRevokedEvent = z.infer<typeof CaseAccessRevokedEventSchema>;

export const CaseWatchPayloadSchema = z.strictObject({ caseId: IdSchema });
export type CaseWatchPayload = z.infer<typeof CaseWatchPayloadSchema>;

// ---- Routes ---------------------------------------------------------------------------------

const CaseIdParams = z.strictObject({ id: IdSchema });

export const caseRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/cases',
    summary: 'Cases the caller is on (or, for admins with scope=all, every case for team management)',
    tag: 'cases',
    auth: 'session',
    query: CaseListQuerySchema,
    response: z.object({ items: z.array(CaseListItemSchema) }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/cases',
    summary: 'Open a case; the creator becomes its lead',
    tag: 'cases',
    auth: 'session',
    body: CreateCaseBodySchema,
    response: CaseSchema,
    status: 201,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/cases/:id',
    summary: 'A case (team only)',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: CaseSchema,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/cases/:id',
    summary: "Edit a case's details (lead)",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: UpdateCaseBodySchema,
    response: CaseSchema,
  }),
  changeStatus: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/status',
    summary: "Change a case's status (lead)",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: ChangeCaseStatusBodySchema,
    response: CaseSchema,
  }),
  team: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/team',
    summary: 'The case team (team, and admins managing it)',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: z.object({ items: z.array(TeamMemberSchema) }),
  }),
  addMember: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/team',
    summary: 'Add someone from any member state to the team (lead or admin)',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: AddTeamMemberBodySchema,
    response: TeamMemberSchema,
    status: 201,
  }),
  changeMemberRole: defineRoute({
    method: 'PATCH',
    path: '/api/cases/:id/team/:userId',
    summary: "Change a team member's case role (lead or admin)",
    tag: 'cases',
    auth: 'session',
    params: TeamMemberParamsSchema,
    body: ChangeTeamRoleBodySchema,
    response: TeamMemberSchema,
  }),
  removeMember: defineRoute({
    method: 'DELETE',
    path: '/api/cases/:id/team/:userId',
    summary: 'Remove someone from the team (lead or admin); their open connections close at once',
    tag: 'cases',
    auth: 'session',
    params: TeamMemberParamsSchema,
    response: OkSchema,
  }),
  documents: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/documents',
    summary: "The case's documents",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: z.object({ items: z.array(DocumentSchema) }),
  }),
  createDocument: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/documents',
    summary: 'Create a co-edited document, blank or from a template',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: CreateCaseDocumentBodySchema,
    response: DocumentSchema,
    status: 201,
  }),
  tasks: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/tasks',
    summary: "The case's tasks",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: z.object({ items: z.array(CaseTaskSchema) }),
  }),
  createTask: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/tasks',
    summary: 'Add a task with an assignee and due date',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: CreateTaskBodySchema,
    response: CaseTaskSchema,
    status: 201,
  }),
  updateTask: defineRoute({
    method: 'PATCH',
    path: '/api/cases/:id/tasks/:taskId',
    summary: 'Change or complete a task',
    tag: 'cases',
    auth: 'session',
    params: TaskParamsSchema,
    body: UpdateTaskBodySchema,
    response: CaseTaskSchema,
  }),
  deleteTask: defineRoute({
    method: 'DELETE',
    path: '/api/cases/:id/tasks/:taskId',
    summary: 'Delete a task',
    tag: 'cases',
    auth: 'session',
    params: TaskParamsSchema,
    response: OkSchema,
  }),
  timeline: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/timeline',
    summary: "The case's activity timeline, newest first",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    query: TimelineQuerySchema,
    response: z.object({ items: z.array(TimelineEntrySchema) }),
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/audit',
    summary: "The case's audit trail: every access and change, allowed or denied (leads)",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    query: TimelineQuerySchema,
    response: z.object({ items: z.array(AuditEntrySchema) }),
  }),
  requests: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/requests',
    summary: "The case's legal-cooperation requests",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: z.object({ items: z.array(CooperationRequestSchema) }),
  }),
  createRequest: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/requests',
    summary: 'Start a legal-cooperation request with a co-edited draft',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    body: CreateRequestBodySchema,
    response: CooperationRequestSchema,
    status: 201,
  }),
  request: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/requests/:requestId',
    summary: 'A legal-cooperation request',
    tag: 'cases',
    auth: 'session',
    params: RequestParamsSchema,
    response: CooperationRequestSchema,
  }),
  updateRequest: defineRoute({
    method: 'PATCH',
    path: '/api/cases/:id/requests/:requestId',
    summary: "Edit a request's details",
    tag: 'cases',
    auth: 'session',
    params: RequestParamsSchema,
    body: UpdateRequestBodySchema,
    response: CooperationRequestSchema,
  }),
  transitionRequest: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/requests/:requestId/transition',
    summary: 'Move a request along its status pipeline (marking it sent freezes the draft version)',
    tag: 'cases',
    auth: 'session',
    params: RequestParamsSchema,
    body: TransitionRequestBodySchema,
    response: CooperationRequestSchema,
  }),
  attachments: defineRoute({
    method: 'GET',
    path: '/api/cases/:id/attachments',
    summary: "The case's attached files",
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    response: z.object({ items: z.array(CaseAttachmentSchema) }),
  }),
  uploadAttachment: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/attachments',
    summary: 'Attach a file (raw body, application/octet-stream; up to 10 MB)',
    tag: 'cases',
    auth: 'session',
    params: CaseIdParams,
    query: UploadAttachmentQuerySchema,
    response: CaseAttachmentSchema,
    status: 201,
  }),
  updateAttachment: defineRoute({
    method: 'PATCH',
    path: '/api/cases/:id/attachments/:attachmentId',
    summary: "Change an attachment's handling code",
    tag: 'cases',
    auth: 'session',
    params: AttachmentParamsSchema,
    body: UpdateAttachmentBodySchema,
    response: CaseAttachmentSchema,
  }),
  downloadAttachment: defineRoute({
    method: 'POST',
    path: '/api/cases/:id/attachments/:attachmentId/download',
    summary: 'Download an attachment (enforces its handling code; audited)',
    tag: 'cases',
    auth: 'session',
    params: AttachmentParamsSchema,
    response: z.string().describe('the file'),
  }),
};

// ---- Timeline vocabulary --------------------------------------------------------------------

/**
 * Audit actions that make up a case's activity timeline (changes, not reads). The timeline is read
 * from the hash-chained audit log itself, so it can never disagree with the trail.
 */
export const TIMELINE_ACTIONS = [
  'case.created',
  'case.updated',
  'case.status_changed',
  'team.member_added',
  'team.member_removed',
  'team.role_changed',
  'document.created',
  'document.updated',
  'document.handling_changed',
  'document.edit_session',
  'document.version_created',
  'document.version_restored',
  'document.comment_created',
  'document.comment_resolved',
  'document.exported',
  'task.created',
  'task.updated',
  'task.completed',
  'task.reopened',
  'task.deleted',
  'request.created',
  'request.updated',
  'request.status_changed',
  'attachment.uploaded',
  'attachment.handling_changed',
  'attachment.downloaded',
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];
