import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case, CaseTask } from '@serantau/shared';
import { useFormat } from '../../../app/format';
import {
  Badge,
  Banner,
  Button,
  Card,
  Checkbox,
  EmptyState,
  ErrorState,
  LoadingState,
  Select,
  TextField,
  errorMessage,
} from '../../../ui';
import { useTasks, useTaskMutations, useTeam } from '../api';

/** Tasks with an assignee and a due date; overdue ones stand out. */
export function TasksPanel({ detail }: { detail: Case }) {
  const { t } = useTranslation('cases');
  const format = useFormat();
  const tasks = useTasks(detail.id);
  const mutations = useTaskMutations(detail.id);
  const canManage = detail.capabilities.includes('tasks.manage');
  if (tasks.isPending) return <LoadingState />;
  if (tasks.isError) return <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />;
  const today = new Date().toISOString().slice(0, 10);
  const ordered = [...tasks.data.items].sort((a, b) =>
    a.status === b.status
      ? (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999')
      : a.status === 'open'
        ? -1
        : 1,
  );
  const failure = mutations.update.error ?? mutations.remove.error;
  return (
    <div className="ui-stack">
      {failure && <Banner tone="danger">{errorMessage(t, failure)}</Banner>}
      {ordered.length === 0 ? (
        <EmptyState title={t('tasks.none')} />
      ) : (
        <ul className="ui-list-reset case-tasks">
          {ordered.map((task: CaseTask) => {
            const overdue = task.status === 'open' && task.dueDate !== null && task.dueDate < today;
            return (
              <li key={task.id} className="case-task" data-status={task.status}>
                <Checkbox
                  label={
                    <span className={task.status === 'done' ? 'case-task__title--done' : undefined}>
                      {task.title}
                    </span>
                  }
                  checked={task.status === 'done'}
                  disabled={!canManage}
                  onChange={(event) =>
                    mutations.update.mutate({
                      taskId: task.id,
                      body: { status: event.target.checked ? 'done' : 'open' },
                    })
                  }
                />
                <span className="ui-small ui-muted">
                  {task.assignee
                    ? t('tasks.assignedTo', { name: task.assignee.name })
                    : t('tasks.unassigned')}
                  {task.dueDate &&
                    ` · ${t('tasks.due', { date: format.dateTime(`${task.dueDate}T00:00:00Z`, 'date') })}`}
                  {task.completedBy && ` · ${t('tasks.doneBy', { name: task.completedBy.name })}`}
                </span>
                {overdue && <Badge tone="danger">{t('tasks.overdue')}</Badge>}
                {task.description && <p className="ui-small">{task.description}</p>}
                {canManage && (
                  <Button size="sm" variant="ghost" onClick={() => mutations.remove.mutate(task.id)}>
                    {t('tasks.delete')}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canManage && <NewTaskForm caseId={detail.id} />}
    </div>
  );
}

function NewTaskForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation('cases');
  const team = useTeam(caseId);
  const { create } = useTaskMutations(caseId);
  const [title, setTitle] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [dueDate, setDueDate] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    create.mutate(
      { title: title.trim(), description: '', assigneeId: assigneeId || null, dueDate: dueDate || null },
      {
        onSuccess: () => {
          setTitle('');
          setAssigneeId('');
          setDueDate('');
        },
      },
    );
  };
  return (
    <Card title={t('tasks.newTitle')} labelledBy="task-new" level={3}>
      <form className="case-inline-form" onSubmit={submit}>
        <TextField
          label={t('tasks.title')}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
        />
        <Select
          label={t('tasks.assignee')}
          value={assigneeId}
          placeholder={t('tasks.unassigned')}
          options={(team.data?.items ?? []).map((member) => ({
            value: member.userId,
            label: member.displayName,
          }))}
          onChange={(event) => setAssigneeId(event.target.value)}
        />
        <TextField
          label={t('tasks.dueDate')}
          type="date"
          value={dueDate}
          onChange={(event) => setDueDate(event.target.value)}
        />
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('tasks.add')}
        </Button>
      </form>
      {create.error && <Banner tone="danger">{errorMessage(t, create.error)}</Banner>}
    </Card>
  );
}
