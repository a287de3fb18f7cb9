import { useTranslation } from 'react-i18next';
import type { Question } from '@serantau/shared';
import { CollaborativeEditor } from '../../../editor';
import { Button, Card, errorMessage } from '../../../ui';
import { useQuestionActions } from '../api';

/**
 * The consolidated advice, co-edited by everyone taking part with the same editor as case notes: a
 * document owned by the question, started by the first participant who wants it. Who edits or only
 * reads follows the question (the collab endpoint asks the desk on every open).
 */
export function SummaryPanel({ question }: { question: Question }) {
  const { t } = useTranslation('precedents');
  const { startSummary } = useQuestionActions(question.id);
  const documentId = question.summaryDocumentId;
  const canEdit = question.access.editSummary;
  return (
    <Card title={t('summary.heading')} description={t('summary.description')} labelledBy="precedent-summary">
      {documentId ? (
        <CollaborativeEditor
          documentId={documentId}
          access={canEdit ? 'edit' : 'view'}
          label={t('summary.label', { title: question.title })}
          placeholder={t('summary.placeholder')}
          showOutline={false}
        />
      ) : canEdit ? (
        <div className="ui-stack">
          <p className="ui-small ui-muted">{t('summary.none')}</p>
          <div>
            <Button size="sm" busy={startSummary.isPending} onClick={() => startSummary.mutate()}>
              {t('summary.start')}
            </Button>
          </div>
          {startSummary.isError && <p className="ui-field__error">{errorMessage(t, startSummary.error)}</p>}
        </div>
      ) : (
        <p className="ui-small ui-muted">{t('summary.noneReadOnly')}</p>
      )}
    </Card>
  );
}
