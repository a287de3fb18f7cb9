import type {
  Case,
  CaseAttachment,
  CaseCapability,
  CaseListItem,
  CaseRole,
  CaseTask,
  CooperationRequest,
  TeamMember,
  TimelineEntry,
} from '@serantau/shared';
import type { AuditDoc } from '../audit/repo';
import { presentHandling } from '../documents/handling';
import { presentPerson } from '../documents/presenter';
import type { UserDoc } from '../users/repo';
import type { AttachmentDoc, CaseDoc, CaseMemberDoc, RequestDoc, TaskDoc } from './repo';

export function presentCaseListItem(doc: CaseDoc, myRole: CaseRole | null, teamSize: number): CaseListItem {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    status: doc.status,
    sensitivity: doc.sensitivity,
    countries: doc.countries,
    myRole,
    teamSize,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function presentCase(
  doc: CaseDoc,
  myRole: CaseRole,
  teamSize: number,
  capabilities: CaseCapability[],
): Case {
  return {
    ...presentCaseListItem(doc, myRole, teamSize),
    myRole,
    summary: doc.summary,
    references: doc.references,
    createdBy: presentPerson(doc.createdBy),
    createdAt: doc.createdAt.toISOString(),
    capabilities,
    threadId: doc.threadId?.toHexString() ?? null,
  };
}

export function presentTeamMember(
  member: CaseMemberDoc,
  user: UserDoc | undefined,
  agencyNames: ReadonlyMap<string, string>,
): TeamMember {
  const agencyId = user?.agencyId?.toHexString() ?? null;
  return {
    userId: member.userId.toHexString(),
    displayName: user?.displayName ?? 'Former member',
    country: user?.country ?? 'ASEAN-SEC',
    agencyName: agencyId ? (agencyNames.get(agencyId) ?? null) : null,
    title: user?.title ?? '',
    role: member.role,
    addedBy: member.addedBy ? presentPerson(member.addedBy) : null,
    addedAt: member.addedAt.toISOString(),
  };
}

export function presentTask(doc: TaskDoc): CaseTask {
  return {
    id: doc._id.toHexString(),
    caseId: doc.caseId.toHexString(),
    title: doc.title,
    description: doc.description,
    assignee: doc.assignee ? presentPerson(doc.assignee) : null,
    dueDate: doc.dueDate,
    status: doc.status,
    createdBy: presentPerson(doc.createdBy),
    createdAt: doc.createdAt.toISOString(),
    completedBy: doc.completedBy ? presentPerson(doc.completedBy) : null,
    completedAt: doc.completedAt?.toISOString() ?? null,
  };
}

export function presentRequest(doc: RequestDoc): CooperationRequest {
  return {
    id: doc._id.toHexString(),
    caseId: doc.caseId.toHexString(),
    type: doc.type,
    title: doc.title,
    fromCountry: doc.fromCountry,
    fromAuthority: doc.fromAuthority,
    toCountry: doc.toCountry,
    toAuthority: doc.toAuthority,
    status: doc.status,
    dueDate: doc.dueDate,
    history: doc.history.map((entry) => ({
      from: entry.from,
      to: entry.to,
      at: entry.at.toISOString(),
      by: presentPerson(entry.by),
      note: entry.note,
    })),
    draftDocumentId: doc.draftDocumentId.toHexString(),
    sentVersionId: doc.sentVersionId?.toHexString() ?? null,
    sentAt: doc.sentAt?.toISOString() ?? null,
    handling: presentHandling(doc.handling),
    createdBy: presentPerson(doc.createdBy),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function presentAttachment(doc: AttachmentDoc): CaseAttachment {
  return {
    id: doc._id.toHexString(),
    caseId: doc.caseId.toHexString(),
    fileName: doc.fileName,
    contentType: doc.contentType,
    sizeBytes: doc.size,
    sha256: doc.sha256,
    handling: presentHandling(doc.handling),
    uploadedBy: presentPerson(doc.uploadedBy),
    uploadedAt: doc.uploadedAt.toISOString(),
  };
}

export function presentTimelineEntry(doc: AuditDoc): TimelineEntry {
  return {
    seq: doc._id,
    at: doc.at.toISOString(),
    actor: doc.actorId && doc.actorName ? { id: doc.actorId, name: doc.actorName } : null,
    action: doc.action,
    targetType: doc.targetType,
    targetId: doc.targetId,
    details: doc.details,
  };
}
