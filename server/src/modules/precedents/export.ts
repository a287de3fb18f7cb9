import {
  jurisdictionName,
  legalTopicLabel,
  type CitationOutcome,
  type PrecedentExportFormat,
} from '@serantau/shared';
import { blocksFromState, type Block, type Inline, type InlineMarks } from '../../export/blocks';
import { blocksFromMarkdown } from '../../export/from-markdown';
import type { ExportMarking } from '../../export/marking';
import { renderMarkdown } from '../../export/markdown';
import { renderPdf } from '../../export/pdf';
import type { Actor } from '../../policy/actor';
import type { AnswerDoc, QuestionDoc, StoredCitation } from './repo';

const OUTCOME_WORDS: Record<CitationOutcome, string> = {
  convicted: 'Convicted',
  partly_convicted: 'Convicted on some charges',
  acquitted: 'Acquitted',
  appeal_allowed: 'Appeal allowed',
  appeal_dismissed: 'Appeal dismissed',
  dismissed: 'Dismissed',
  pending: 'Pending',
  guidance: 'Guidance',
  other: 'Other',
};

function text(value: string, marks: InlineMarks = {}): Inline {
  return { kind: 'text', text: value, marks };
}

function paragraph(...inlines: Inline[]): Block {
  return { kind: 'paragraph', inlines };
}

function citationBlock(citation: StoredCitation): Block[] {
  const facts = [
    `${citation.court}, ${jurisdictionLabel(citation.jurisdiction)}, ${citation.year}`,
    citation.reference,
    OUTCOME_WORDS[citation.outcome],
    citation.provision,
  ].filter(Boolean);
  const inlines: Inline[] = [text(citation.caseName, { italic: true }), text(` — ${facts.join(' · ')}`)];
  if (citation.url) inlines.push(text(' '), text(citation.url, { link: citation.url }));
  if (citation.attachment)
    inlines.push(text(` (excerpt attached in Serantau: ${citation.attachment.filename})`));
  return [paragraph(...inlines)];
}

function jurisdictionLabel(code: string): string {
  if (code === 'INTL') return 'International';
  if (code === 'OTHER') return 'Other jurisdiction';
  return jurisdictionName(code);
}

/**
 * A question with its accepted answers and their citations, for a case file. The asker of an
 * anonymous question is never named in an export, whoever exports it: files travel further than
 * the screen does.
 */
export function questionExportBlocks(
  question: QuestionDoc,
  accepted: readonly AnswerDoc[],
  summaryState: Uint8Array | null,
): Block[] {
  const blocks: Block[] = [];
  const asked = question.createdAt.toISOString().slice(0, 10);
  blocks.push(
    paragraph(
      text(
        question.anonymous
          ? 'Asked anonymously'
          : `Asked by ${question.author.name} (${jurisdictionName(question.author.country)})`,
      ),
      text(` on ${asked} · Status: ${question.status}`),
    ),
    paragraph(
      text('Jurisdictions: ', { bold: true }),
      text(question.jurisdictions.map((code) => jurisdictionName(code)).join(', ')),
    ),
    paragraph(
      text('Topics: ', { bold: true }),
      text(question.topics.map((id) => legalTopicLabel(id)).join(', ')),
    ),
    { kind: 'heading', level: 1, inlines: [text('Situation')] },
    ...blocksFromMarkdown(question.situation),
  );
  if (summaryState) {
    const summary = blocksFromState(summaryState);
    if (summary.length > 0) {
      blocks.push({ kind: 'heading', level: 1, inlines: [text('Consolidated advice')] }, ...summary);
    }
  }
  blocks.push({ kind: 'heading', level: 1, inlines: [text('Accepted answers')] });
  if (accepted.length === 0) blocks.push(paragraph(text('No answer has been accepted yet.')));
  for (const answer of accepted) {
    blocks.push(
      {
        kind: 'heading',
        level: 2,
        inlines: [
          text(
            `${answer.author.name} (${jurisdictionName(answer.author.country)}), ${answer.createdAt.toISOString().slice(0, 10)}`,
          ),
        ],
      },
      ...blocksFromMarkdown(answer.body),
    );
    if (answer.citations.length > 0) {
      blocks.push(
        { kind: 'heading', level: 3, inlines: [text('Citations')] },
        {
          kind: 'list',
          ordered: true,
          start: 1,
          items: answer.citations.map((citation) => ({ checked: null, blocks: citationBlock(citation) })),
        },
      );
    }
  }
  return blocks;
}

export async function renderQuestionExport(
  format: PrecedentExportFormat,
  question: QuestionDoc,
  accepted: readonly AnswerDoc[],
  summaryState: Uint8Array | null,
  actor: Actor,
  at: Date,
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const marking: ExportMarking = {
    title: question.title,
    // Questions asked of chosen countries stay within them: the label travels with the file.
    sensitivity: question.audience.kind === 'countries' ? 'RESTRICTED' : null,
    handling:
      question.audience.kind === 'countries'
        ? `Serantau network members of ${question.audience.countries.map((code) => jurisdictionName(code)).join(', ')} only`
        : 'Serantau network members only; ask the authors before passing on',
    context: 'Serantau precedent desk',
    versionName: null,
    exportedBy: actor.displayName,
    exportedAt: at,
  };
  const blocks = questionExportBlocks(question, accepted, summaryState);
  const safeTitle =
    question.title
      .replace(/[^A-Za-z0-9 _-]+/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'question';
  if (format === 'md') {
    return {
      fileName: `${safeTitle}.md`,
      contentType: 'text/markdown; charset=utf-8',
      bytes: Buffer.from(renderMarkdown(blocks, marking), 'utf8'),
    };
  }
  return {
    fileName: `${safeTitle}.pdf`,
    contentType: 'application/pdf',
    bytes: await renderPdf(blocks, marking),
  };
}
