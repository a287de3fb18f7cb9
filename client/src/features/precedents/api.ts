import { useEffect, useRef } from 'react';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  PRECEDENT_LIMITS,
  PrecedentChangedEventSchema,
  PrecedentRevokedEventSchema,
  buildPath,
  precedentRoutes,
  type AnswerBody,
  type AskQuestionBody,
  type CommentBody,
  type LibraryQuery,
  type LockQuestionBody,
  type MoveQuestionBody,
  type PrecedentExportFormat,
  type PrecedentFile,
  type PrecedentReportAction,
  type PrecedentReportBody,
  type PrecedentTarget,
  type Question,
  type QuestionListQuery,
  type ReportStatus,
  type UpdateAnswerBody,
  type UpdateQuestionBody,
} from '@serantau/shared';
import { authStore } from '../../app/auth';
import { ApiError, apiRequest, toApiError } from '../../lib/api';
import { emitWithAck, useConnectionState, useSocketEvent } from '../../lib/socket';

export const precedentKeys = {
  all: ['precedents'] as const,
  access: () => ['precedents', 'access'] as const,
  lists: () => ['precedents', 'list'] as const,
  list: (query: Omit<QuestionListQuery, 'cursor'>) => ['precedents', 'list', query] as const,
  question: (id: string) => ['precedents', 'question', id] as const,
  similar: (q: string) => ['precedents', 'similar', q] as const,
  library: (query: Omit<LibraryQuery, 'cursor'>) => ['precedents', 'library', query] as const,
  citation: (key: string) => ['precedents', 'citation', key] as const,
  reports: (status: ReportStatus) => ['precedents', 'moderation', 'reports', status] as const,
  log: () => ['precedents', 'moderation', 'log'] as const,
};

/** Not found and forbidden are answers, not hiccups: retrying them only delays the notice. */
function retryUnlessRefused(count: number, error: unknown): boolean {
  return !(error instanceof ApiError && [403, 404].includes(error.status)) && count < 2;
}

// ---- the desk ----------------------------------------------------------------------------------

/** One view of the desk, page by page ("load more" follows `nextCursor`). */
export function useQuestions(query: Omit<QuestionListQuery, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: precedentKeys.list(query),
    queryFn: ({ pageParam }) =>
      apiRequest(precedentRoutes.list, { query: { ...query, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useAskQuestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AskQuestionBody) => apiRequest(precedentRoutes.ask, { body }),
    onSuccess: (question) => {
      queryClient.setQueryData(precedentKeys.question(question.id), question);
      return queryClient.invalidateQueries({ queryKey: precedentKeys.lists() });
    },
  });
}

/** Questions like the one being typed; `q` is already debounced and at least 3 characters. */
export function useSimilarQuestions(q: string) {
  return useQuery({
    queryKey: precedentKeys.similar(q),
    queryFn: () => apiRequest(precedentRoutes.similar, { query: { q } }),
    enabled: q.length >= 3,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

// ---- one question -------------------------------------------------------------------------------

export function useQuestion(id: string) {
  return useQuery({
    queryKey: precedentKeys.question(id),
    queryFn: () => apiRequest(precedentRoutes.get, { params: { id } }),
    retry: retryUnlessRefused,
  });
}

/** After a change to a question: its page from the reply when there is one, the lists and library later. */
function settle(queryClient: QueryClient, id: string, question?: Question): Promise<void> {
  if (question) queryClient.setQueryData(precedentKeys.question(id), question);
  return Promise.all([
    question ? null : queryClient.invalidateQueries({ queryKey: precedentKeys.question(id) }),
    queryClient.invalidateQueries({ queryKey: precedentKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: ['precedents', 'library'] }),
    queryClient.invalidateQueries({ queryKey: ['precedents', 'citation'] }),
  ]).then(() => undefined);
}

/** Everything an answerer, the asker or a reader does on a question page. */
export function useQuestionActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => settle(queryClient, id);
  const replace = (question: Question) => settle(queryClient, id, question);
  return {
    updateQuestion: useMutation({
      mutationFn: (body: UpdateQuestionBody) => apiRequest(precedentRoutes.update, { params: { id }, body }),
      onSuccess: replace,
    }),
    answer: useMutation({
      mutationFn: (body: AnswerBody) => apiRequest(precedentRoutes.answer, { params: { id }, body }),
      onSuccess: refresh,
    }),
    updateAnswer: useMutation({
      mutationFn: ({ answerId, body }: { answerId: string; body: UpdateAnswerBody }) =>
        apiRequest(precedentRoutes.updateAnswer, { params: { id, answerId }, body }),
      onSuccess: refresh,
    }),
    deleteAnswer: useMutation({
      mutationFn: (answerId: string) =>
        apiRequest(precedentRoutes.deleteAnswer, { params: { id, answerId } }),
      onSuccess: refresh,
    }),
    setAccepted: useMutation({
      mutationFn: ({ answerId, accepted }: { answerId: string; accepted: boolean }) =>
        apiRequest(precedentRoutes.setAccepted, { params: { id, answerId }, body: { accepted } }),
      onSuccess: replace,
    }),
    setHelpful: useMutation({
      mutationFn: ({ answerId, helpful }: { answerId: string; helpful: boolean }) =>
        apiRequest(precedentRoutes.setHelpful, { params: { id, answerId }, body: { helpful } }),
      onSuccess: refresh,
    }),
    comment: useMutation({
      mutationFn: ({ answerId, body }: { answerId: string; body: CommentBody }) =>
        apiRequest(precedentRoutes.comment, { params: { id, answerId }, body }),
      onSuccess: refresh,
    }),
    deleteComment: useMutation({
      mutationFn: ({ answerId, commentId }: { answerId: string; commentId: string }) =>
        apiRequest(precedentRoutes.deleteComment, { params: { id, answerId, commentId } }),
      onSuccess: refresh,
    }),
    startSummary: useMutation({
      mutationFn: () => apiRequest(precedentRoutes.startSummary, { params: { id } }),
      onSuccess: replace,
    }),
    report: useMutation({
      mutationFn: (body: PrecedentReportBody) => apiRequest(precedentRoutes.report, { params: { id }, body }),
    }),
  };
}

/** The moderators' tools on one question. */
export function useModerationActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => settle(queryClient, id);
  const replace = (question: Question) => settle(queryClient, id, question);
  const logChanged = () => queryClient.invalidateQueries({ queryKey: precedentKeys.log() });
  return {
    hide: useMutation({
      mutationFn: (body: { target: PrecedentTarget; reason: string }) =>
        apiRequest(precedentRoutes.hide, { params: { id }, body }),
      onSuccess: () => Promise.all([refresh(), logChanged()]),
    }),
    unhide: useMutation({
      mutationFn: (body: { target: PrecedentTarget; reason: string }) =>
        apiRequest(precedentRoutes.unhide, { params: { id }, body }),
      onSuccess: () => Promise.all([refresh(), logChanged()]),
    }),
    lock: useMutation({
      mutationFn: (body: LockQuestionBody) => apiRequest(precedentRoutes.lock, { params: { id }, body }),
      onSuccess: (question) => Promise.all([replace(question), logChanged()]),
    }),
    move: useMutation({
      mutationFn: (body: MoveQuestionBody) => apiRequest(precedentRoutes.move, { params: { id }, body }),
      onSuccess: (question) => Promise.all([replace(question), logChanged()]),
    }),
    close: useMutation({
      mutationFn: (reason: string) => apiRequest(precedentRoutes.close, { params: { id }, body: { reason } }),
      onSuccess: (question) => Promise.all([replace(question), logChanged()]),
    }),
    reopen: useMutation({
      mutationFn: (reason: string) =>
        apiRequest(precedentRoutes.reopen, { params: { id }, body: { reason } }),
      onSuccess: (question) => Promise.all([replace(question), logChanged()]),
    }),
  };
}

// ---- library and citations ----------------------------------------------------------------------

export function useLibrary(query: Omit<LibraryQuery, 'cursor'>) {
  return useInfiniteQuery({
    queryKey: precedentKeys.library(query),
    queryFn: ({ pageParam }) =>
      apiRequest(precedentRoutes.library, { query: { ...query, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useCitation(key: string) {
  return useQuery({
    queryKey: precedentKeys.citation(key),
    queryFn: () => apiRequest(precedentRoutes.citation, { params: { key } }),
    retry: retryUnlessRefused,
  });
}

// ---- moderation queue and log -------------------------------------------------------------------

export function useReports(status: ReportStatus) {
  return useInfiniteQuery({
    queryKey: precedentKeys.reports(status),
    queryFn: ({ pageParam }) =>
      apiRequest(precedentRoutes.reports, { query: { status, cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useModerationLog() {
  return useInfiniteQuery({
    queryKey: precedentKeys.log(),
    queryFn: ({ pageParam }) =>
      apiRequest(precedentRoutes.moderationLog, { query: { cursor: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useReportHandling() {
  const queryClient = useQueryClient();
  // Resolving hides, locks or closes: the questions, the library and citation pages change too.
  const done = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['precedents', 'moderation'] }),
      queryClient.invalidateQueries({ queryKey: precedentKeys.lists() }),
      queryClient.invalidateQueries({ queryKey: ['precedents', 'question'] }),
      queryClient.invalidateQueries({ queryKey: ['precedents', 'library'] }),
      queryClient.invalidateQueries({ queryKey: ['precedents', 'citation'] }),
    ]);
  return {
    resolve: useMutation({
      mutationFn: ({
        reportId,
        action,
        note,
      }: {
        reportId: string;
        action: PrecedentReportAction;
        note: string;
      }) => apiRequest(precedentRoutes.resolveReport, { params: { reportId }, body: { action, note } }),
      onSuccess: done,
    }),
    dismiss: useMutation({
      mutationFn: ({ reportId, note }: { reportId: string; note: string }) =>
        apiRequest(precedentRoutes.dismissReport, { params: { reportId }, body: { note } }),
      onSuccess: done,
    }),
  };
}

// ---- files: judgment excerpts and exports -------------------------------------------------------

function csrfHeader(): Record<string, string> {
  const token = authStore.getState().csrfToken;
  return token ? { 'x-csrf-token': token } : {};
}

async function readPayload(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Where a cited excerpt downloads from (a same-origin GET: the session cookie authorises it). */
export function excerptHref(fileId: string): string {
  return buildPath(precedentRoutes.downloadFile.path, { fileId });
}

/**
 * Uploads a judgment excerpt before it is cited: the raw bytes as the body, the name in the query
 * and the browser's idea of the type in `x-file-type` (the server checks the bytes itself).
 */
export async function uploadExcerpt(file: File): Promise<PrecedentFile> {
  if (file.size > PRECEDENT_LIMITS.fileMaxBytes) {
    throw new ApiError('PAYLOAD_TOO_LARGE', 413, 'file too large');
  }
  const query = new URLSearchParams({ fileName: file.name });
  let response: Response;
  try {
    response = await fetch(`${precedentRoutes.uploadFile.path}?${query.toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...csrfHeader(),
        accept: 'application/json',
        'content-type': 'application/octet-stream',
        'x-file-type': file.type || 'application/octet-stream',
      },
      body: file,
    });
  } catch (cause) {
    throw new ApiError('SERVICE_UNAVAILABLE', 0, cause instanceof Error ? cause.message : 'network error');
  }
  const payload = await readPayload(response);
  if (!response.ok) throw toApiError(response.status, payload);
  return precedentRoutes.uploadFile.response.parse(payload);
}

/** Downloads the question with its accepted answers and citations (audited by the server). */
export async function exportQuestion(id: string, format: PrecedentExportFormat): Promise<void> {
  let response: Response;
  try {
    const path = buildPath(precedentRoutes.exportQuestion.path, { id });
    response = await fetch(`${path}?format=${format}`, { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError('SERVICE_UNAVAILABLE', 0, cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw toApiError(response.status, await readPayload(response));
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `question.${format}`;
  saveBlob(await response.blob(), fileName);
}

/** Hands a blob to the browser as a download (a blob: URL, allowed by the CSP). */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- what I may do on the desk ----------------------------------------------------------------

/** Whether the desk lets me ask and answer (observers too, when the network allows it) and moderate. */
export function useDeskAccess() {
  return useQuery({
    queryKey: precedentKeys.access(),
    queryFn: () => apiRequest(precedentRoutes.access),
    staleTime: 60_000,
  });
}

// ---- live ---------------------------------------------------------------------------------------

/**
 * Keeps a question page live: watches its room (again after a reconnect, when the server checks
 * access again, catching up with a refetch), refetches on every change — what each reader may see
 * differs, so changes carry no content — and reports when the question became unreadable.
 */
export function usePrecedentLive(questionId: string, enabled: boolean, onRevoked: () => void): void {
  const queryClient = useQueryClient();
  const connection = useConnectionState();
  const watchedBefore = useRef(false);
  useEffect(() => {
    if (!enabled || connection !== 'connected') return;
    void emitWithAck('precedent:watch', { questionId }).then((ack) => {
      if (ack.ok && watchedBefore.current) {
        void queryClient.invalidateQueries({ queryKey: precedentKeys.question(questionId) });
      }
      if (ack.ok) watchedBefore.current = true;
    });
    return () => {
      void emitWithAck('precedent:unwatch', { questionId });
    };
  }, [questionId, enabled, connection, queryClient]);

  useSocketEvent('precedent:changed', (event) => {
    const parsed = PrecedentChangedEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.questionId !== questionId) return;
    void queryClient.invalidateQueries({ queryKey: precedentKeys.question(questionId) });
  });

  useSocketEvent('precedent:revoked', (event) => {
    const parsed = PrecedentRevokedEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.questionId !== questionId) return;
    queryClient.removeQueries({ queryKey: precedentKeys.question(questionId) });
    onRevoked();
  });
}
