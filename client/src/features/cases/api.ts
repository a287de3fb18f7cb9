import { useEffect, useRef } from 'react';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  CaseAccessRevokedEventSchema,
  CaseChangedEventSchema,
  caseRoutes,
  documentRoutes,
  type AddTeamMemberBody,
  type CaseListQuery,
  type CaseRole,
  type ChangeCaseStatusBody,
  type CreateCaseBody,
  type CreateCaseDocumentBody,
  type CreateCommentBody,
  type CreateRequestBody,
  type CreateTaskBody,
  type DocumentMeta,
  type ExportFormat,
  type HandlingInput,
  type TransitionRequestBody,
  type UpdateCaseBody,
  type UpdateDocumentBody,
  type UpdateRequestBody,
  type UpdateTaskBody,
  type VersionKind,
} from '@serantau/shared';
import { authStore } from '../../app/auth';
import { ApiError, apiRequest, toApiError } from '../../lib/api';
import { emitWithAck, useConnectionState, useSocketEvent } from '../../lib/socket';

export const caseKeys = {
  all: ['cases'] as const,
  list: (query: Partial<CaseListQuery>) => ['cases', 'list', query] as const,
  detail: (caseId: string) => ['cases', caseId, 'detail'] as const,
  part: (
    caseId: string,
    part: 'team' | 'documents' | 'tasks' | 'requests' | 'attachments' | 'timeline' | 'audit',
  ) => ['cases', caseId, part] as const,
  request: (caseId: string, requestId: string) => ['cases', caseId, 'requests', requestId] as const,
  document: (documentId: string) => ['documents', documentId] as const,
  documentPart: (documentId: string, part: 'meta' | 'versions' | 'comments') =>
    ['documents', documentId, part] as const,
  version: (documentId: string, versionId: string) =>
    ['documents', documentId, 'version', versionId] as const,
};

// ---- cases ----

export function useCases(query: Partial<CaseListQuery>) {
  return useQuery({ queryKey: caseKeys.list(query), queryFn: () => apiRequest(caseRoutes.list, { query }) });
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: caseKeys.detail(caseId),
    queryFn: () => apiRequest(caseRoutes.get, { params: { id: caseId } }),
    retry: (count, error) => !(error instanceof ApiError && [403, 404].includes(error.status)) && count < 2,
  });
}

export function useCreateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCaseBody) => apiRequest(caseRoutes.create, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cases', 'list'] }),
  });
}

export function useUpdateCase(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCaseBody) => apiRequest(caseRoutes.update, { params: { id: caseId }, body }),
    onSuccess: (updated) => queryClient.setQueryData(caseKeys.detail(caseId), updated),
  });
}

export function useChangeCaseStatus(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeCaseStatusBody) =>
      apiRequest(caseRoutes.changeStatus, { params: { id: caseId }, body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(caseKeys.detail(caseId), updated);
      void queryClient.invalidateQueries({ queryKey: ['cases', caseId] });
    },
  });
}

// ---- team ----

export function useTeam(caseId: string, enabled = true) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'team'),
    queryFn: () => apiRequest(caseRoutes.team, { params: { id: caseId } }),
    enabled,
  });
}

function invalidatePart(queryClient: QueryClient, caseId: string, part: Parameters<typeof caseKeys.part>[1]) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.part(caseId, part) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.part(caseId, 'timeline') }),
  ]);
}

export function useTeamMutations(caseId: string) {
  const queryClient = useQueryClient();
  const done = () => invalidatePart(queryClient, caseId, 'team');
  return {
    add: useMutation({
      mutationFn: (body: AddTeamMemberBody) =>
        apiRequest(caseRoutes.addMember, { params: { id: caseId }, body }),
      onSuccess: done,
    }),
    changeRole: useMutation({
      mutationFn: ({ userId, role }: { userId: string; role: CaseRole }) =>
        apiRequest(caseRoutes.changeMemberRole, { params: { id: caseId, userId }, body: { role } }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => apiRequest(caseRoutes.removeMember, { params: { id: caseId, userId } }),
      onSuccess: done,
    }),
  };
}

// ---- documents ----

export function useCaseDocuments(caseId: string) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'documents'),
    queryFn: () => apiRequest(caseRoutes.documents, { params: { id: caseId } }),
  });
}

export function useCreateCaseDocument(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCaseDocumentBody) =>
      apiRequest(caseRoutes.createDocument, { params: { id: caseId }, body }),
    onSuccess: () => invalidatePart(queryClient, caseId, 'documents'),
  });
}

export function useDocumentMeta(documentId: string) {
  return useQuery({
    queryKey: caseKeys.documentPart(documentId, 'meta'),
    queryFn: () => apiRequest(documentRoutes.get, { params: { id: documentId } }),
    retry: (count, error) => !(error instanceof ApiError && [403, 404].includes(error.status)) && count < 2,
  });
}

export function useUpdateDocument(documentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDocumentBody) =>
      apiRequest(documentRoutes.update, { params: { id: documentId }, body }),
    onSuccess: (updated) => queryClient.setQueryData(caseKeys.documentPart(documentId, 'meta'), updated),
  });
}

/** The version history a page at a time, newest first; `kind` narrows it to one kind. */
export function useVersions(documentId: string, kind?: VersionKind) {
  return useInfiniteQuery({
    // Under the `versions` key, so invalidating it refreshes every filter's pages.
    queryKey: [...caseKeys.documentPart(documentId, 'versions'), kind ?? 'all'],
    queryFn: ({ pageParam }) =>
      apiRequest(documentRoutes.versions, { params: { id: documentId }, query: { before: pageParam, kind } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useVersionContent(documentId: string, versionId: string | null) {
  return useQuery({
    queryKey: caseKeys.version(documentId, versionId ?? 'none'),
    queryFn: () =>
      apiRequest(documentRoutes.version, { params: { id: documentId, versionId: versionId ?? '' } }),
    enabled: versionId !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useVersionMutations(documentId: string) {
  const queryClient = useQueryClient();
  const done = () =>
    queryClient.invalidateQueries({ queryKey: caseKeys.documentPart(documentId, 'versions') });
  return {
    create: useMutation({
      mutationFn: (name: string) =>
        apiRequest(documentRoutes.createVersion, { params: { id: documentId }, body: { name } }),
      onSuccess: done,
    }),
    restore: useMutation({
      mutationFn: (versionId: string) =>
        apiRequest(documentRoutes.restoreVersion, { params: { id: documentId, versionId } }),
      onSuccess: done,
    }),
  };
}

export function useComments(documentId: string) {
  return useQuery({
    queryKey: caseKeys.documentPart(documentId, 'comments'),
    queryFn: () => apiRequest(documentRoutes.comments, { params: { id: documentId } }),
  });
}

export function useCommentMutations(documentId: string) {
  const queryClient = useQueryClient();
  const done = () =>
    queryClient.invalidateQueries({ queryKey: caseKeys.documentPart(documentId, 'comments') });
  return {
    create: useMutation({
      mutationFn: (body: CreateCommentBody) =>
        apiRequest(documentRoutes.createComment, { params: { id: documentId }, body }),
      onSuccess: done,
    }),
    reply: useMutation({
      mutationFn: ({ commentId, body }: { commentId: string; body: string }) =>
        apiRequest(documentRoutes.replyComment, { params: { id: documentId, commentId }, body: { body } }),
      onSuccess: done,
    }),
    resolve: useMutation({
      mutationFn: ({ commentId, resolved }: { commentId: string; resolved: boolean }) =>
        apiRequest(documentRoutes.resolveComment, {
          params: { id: documentId, commentId },
          body: { resolved },
        }),
      onSuccess: done,
    }),
  };
}

// ---- tasks ----

export function useTasks(caseId: string) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'tasks'),
    queryFn: () => apiRequest(caseRoutes.tasks, { params: { id: caseId } }),
  });
}

export function useTaskMutations(caseId: string) {
  const queryClient = useQueryClient();
  const done = () => invalidatePart(queryClient, caseId, 'tasks');
  return {
    create: useMutation({
      mutationFn: (body: CreateTaskBody) =>
        apiRequest(caseRoutes.createTask, { params: { id: caseId }, body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ taskId, body }: { taskId: string; body: UpdateTaskBody }) =>
        apiRequest(caseRoutes.updateTask, { params: { id: caseId, taskId }, body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (taskId: string) => apiRequest(caseRoutes.deleteTask, { params: { id: caseId, taskId } }),
      onSuccess: done,
    }),
  };
}

// ---- requests ----

export function useRequests(caseId: string) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'requests'),
    queryFn: () => apiRequest(caseRoutes.requests, { params: { id: caseId } }),
  });
}

export function useRequest(caseId: string, requestId: string) {
  return useQuery({
    queryKey: caseKeys.request(caseId, requestId),
    queryFn: () => apiRequest(caseRoutes.request, { params: { id: caseId, requestId } }),
  });
}

export function useRequestMutations(caseId: string) {
  const queryClient = useQueryClient();
  const done = () => invalidatePart(queryClient, caseId, 'requests');
  return {
    create: useMutation({
      mutationFn: (body: CreateRequestBody) =>
        apiRequest(caseRoutes.createRequest, { params: { id: caseId }, body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ requestId, body }: { requestId: string; body: UpdateRequestBody }) =>
        apiRequest(caseRoutes.updateRequest, { params: { id: caseId, requestId }, body }),
      onSuccess: done,
    }),
    transition: useMutation({
      mutationFn: ({ requestId, body }: { requestId: string; body: TransitionRequestBody }) =>
        apiRequest(caseRoutes.transitionRequest, { params: { id: caseId, requestId }, body }),
      onSuccess: done,
    }),
  };
}

// ---- attachments ----

export function useAttachments(caseId: string) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'attachments'),
    queryFn: () => apiRequest(caseRoutes.attachments, { params: { id: caseId } }),
  });
}

export function useAttachmentMutations(caseId: string) {
  const queryClient = useQueryClient();
  const done = () => invalidatePart(queryClient, caseId, 'attachments');
  return {
    upload: useMutation({
      mutationFn: ({ file, handlingCode }: { file: File; handlingCode: HandlingInput['code'] }) =>
        uploadAttachment(caseId, file, handlingCode),
      onSuccess: done,
    }),
    setHandling: useMutation({
      mutationFn: ({ attachmentId, handling }: { attachmentId: string; handling: HandlingInput }) =>
        apiRequest(caseRoutes.updateAttachment, { params: { id: caseId, attachmentId }, body: { handling } }),
      onSuccess: done,
    }),
  };
}

// ---- timeline and audit ----

export function useTimeline(caseId: string) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'timeline'),
    queryFn: () => apiRequest(caseRoutes.timeline, { params: { id: caseId }, query: { limit: 100 } }),
  });
}

export function useCaseAudit(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.part(caseId, 'audit'),
    queryFn: () => apiRequest(caseRoutes.audit, { params: { id: caseId }, query: { limit: 200 } }),
    enabled,
  });
}

// ---- binary transfers (exports, attachments) ----

function csrfHeader(): Record<string, string> {
  const token = authStore.getState().csrfToken;
  return token ? { 'x-csrf-token': token } : {};
}

async function postForFile(url: string, body: unknown): Promise<{ blob: Blob; fileName: string }> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...csrfHeader(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const text = await response.text();
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
    throw toApiError(response.status, payload);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
  return { blob: await response.blob(), fileName };
}

/** Hands a blob to the browser as a download (a blob: URL, allowed by the CSP). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportDocument(
  documentId: string,
  format: ExportFormat,
  versionId?: string,
): Promise<void> {
  const { blob, fileName } = await postForFile(`/api/documents/${encodeURIComponent(documentId)}/export`, {
    format,
    ...(versionId ? { versionId } : {}),
  });
  saveBlob(blob, fileName);
}

export async function downloadAttachment(caseId: string, attachmentId: string): Promise<void> {
  const { blob, fileName } = await postForFile(
    `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}/download`,
    undefined,
  );
  saveBlob(blob, fileName);
}

async function uploadAttachment(caseId: string, file: File, handlingCode: HandlingInput['code']) {
  const query = new URLSearchParams({ fileName: file.name, handlingCode });
  const response = await fetch(`/api/cases/${encodeURIComponent(caseId)}/attachments?${query.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      ...csrfHeader(),
      'content-type': 'application/octet-stream',
      'x-file-type': file.type || 'application/octet-stream',
    },
    body: file,
  });
  const text = await response.text();
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!response.ok) throw toApiError(response.status, payload);
  return caseRoutes.uploadAttachment.response.parse(payload);
}

// ---- live ----

const SCOPE_PARTS = {
  tasks: 'tasks',
  requests: 'requests',
  documents: 'documents',
  attachments: 'attachments',
  timeline: 'timeline',
} as const;

/**
 * A role change or the case closing (or reopening) changes what the user may do without any other
 * event: the server quietly narrows an open editor to read-only and drops its updates, so everything
 * that carries the user's access or capabilities must be asked again, or the page keeps offering an
 * editor whose text goes nowhere.
 */
function invalidateCaseAccess(queryClient: QueryClient, caseId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
    queryClient.invalidateQueries({ queryKey: ['cases', 'list'] }),
    // Each listed document carries its own `access`.
    queryClient.invalidateQueries({ queryKey: caseKeys.part(caseId, 'documents') }),
    // Document metadata is keyed by document alone; the cached record says which case it belongs to.
    queryClient.invalidateQueries({
      queryKey: ['documents'],
      predicate: (query) =>
        query.queryKey[2] === 'meta' &&
        (query.state.data as Partial<DocumentMeta> | undefined)?.caseId === caseId,
    }),
  ]);
}

/**
 * Keeps a case's screens live while they are open: watches the case room (re-watching after a
 * reconnect, when the server checks membership again), refetches what changed, and reports when the
 * user lost access.
 */
export function useCaseLive(caseId: string, enabled: boolean, onAccessRevoked: () => void): void {
  const queryClient = useQueryClient();
  const connection = useConnectionState();
  const watchedBefore = useRef(false);
  useEffect(() => {
    if (!enabled || connection !== 'connected') return;
    void emitWithAck('cases:watch', { caseId }).then((ack) => {
      // Watching again after a dropped link: whatever changed meanwhile was not heard, so catch up
      // with an (authorised) refetch of everything shown for this case.
      if (ack.ok && watchedBefore.current) {
        void queryClient.invalidateQueries({ queryKey: ['cases', caseId] });
        void queryClient.invalidateQueries({ queryKey: ['documents'] });
      }
      if (ack.ok) watchedBefore.current = true;
    });
    return () => {
      void emitWithAck('cases:unwatch', { caseId });
    };
  }, [caseId, enabled, connection, queryClient]);

  useSocketEvent('cases:changed', (event) => {
    const parsed = CaseChangedEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.caseId !== caseId) return;
    const { scope, documentId } = parsed.data;
    if (scope === 'case' || scope === 'team') {
      void invalidateCaseAccess(queryClient, caseId);
      if (scope === 'team') void queryClient.invalidateQueries({ queryKey: caseKeys.part(caseId, 'team') });
    } else if (scope === 'comments' && documentId) {
      void queryClient.invalidateQueries({ queryKey: caseKeys.documentPart(documentId, 'comments') });
    } else if (scope !== 'comments') {
      void queryClient.invalidateQueries({ queryKey: caseKeys.part(caseId, SCOPE_PARTS[scope]) });
      if (scope === 'documents' && documentId) {
        void queryClient.invalidateQueries({ queryKey: caseKeys.document(documentId) });
      }
      if (scope === 'requests')
        void queryClient.invalidateQueries({ queryKey: ['cases', caseId, 'requests'] });
    }
  });

  useSocketEvent('cases:access-revoked', (event) => {
    const parsed = CaseAccessRevokedEventSchema.safeParse(event);
    if (parsed.success && parsed.data.caseId === caseId) {
      queryClient.removeQueries({ queryKey: ['cases', caseId] });
      onAccessRevoked();
    }
  });
}
