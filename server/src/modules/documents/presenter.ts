import type { DocumentAccess, DocumentComment, DocumentMeta, DocumentVersion } from '@serantau/shared';
import { presentHandling } from './handling';
import type { CommentDoc, DocumentDoc, PersonRefDoc, VersionDoc } from './repo';

export function presentPerson(person: PersonRefDoc): { id: string; name: string } {
  return { id: person.id.toHexString(), name: person.name };
}

export function presentDocument(doc: DocumentDoc, access: DocumentAccess): DocumentMeta {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    owner: { type: doc.owner.type, id: doc.owner.id.toHexString() },
    title: doc.title,
    template: doc.template,
    handling: doc.handling ? presentHandling(doc.handling) : null,
    caseId: doc.caseId?.toHexString() ?? null,
    requestId: doc.requestId?.toHexString() ?? null,
    createdBy: presentPerson(doc.createdBy),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    access,
  };
}

export function presentVersion(doc: Omit<VersionDoc, 'state'>): DocumentVersion {
  return {
    id: doc._id.toHexString(),
    documentId: doc.documentId.toHexString(),
    kind: doc.kind,
    name: doc.name,
    createdBy: doc.createdBy ? presentPerson(doc.createdBy) : null,
    createdAt: doc.createdAt.toISOString(),
    sizeBytes: doc.size,
    locked: doc.locked,
  };
}

export function presentComment(doc: CommentDoc): DocumentComment {
  return {
    id: doc._id.toHexString(),
    documentId: doc.documentId.toHexString(),
    anchor: doc.anchor,
    quote: doc.quote,
    author: presentPerson(doc.author),
    body: doc.body,
    createdAt: doc.createdAt.toISOString(),
    resolved: doc.resolved,
    resolvedBy: doc.resolvedBy ? presentPerson(doc.resolvedBy) : null,
    resolvedAt: doc.resolvedAt?.toISOString() ?? null,
    replies: doc.replies.map((reply) => ({
      id: reply._id.toHexString(),
      author: presentPerson(reply.author),
      body: reply.body,
      createdAt: reply.createdAt.toISOString(),
    })),
  };
}
