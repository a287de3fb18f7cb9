import * as Y from 'yjs';
import { COLLAB_FRAGMENT_FIELD, JURISDICTIONS, type DocumentTemplate } from '@serantau/shared';

/** What a template may fill in from its case. */
export interface TemplateContext {
  caseTitle: string | null;
  caseSummary: string | null;
  countries: readonly string[];
  /** For a request draft: the two sides. */
  request?: { fromCountry: string; fromAuthority: string; toCountry: string; toAuthority: string } | null;
}

/**
 * Builds the first state of a new document. Nodes use Tiptap's names and attributes (what the
 * Collaboration extension writes into the Y.XmlFragment), so the editor opens them as if typed.
 */
export function buildTemplateState(template: DocumentTemplate, context: TemplateContext): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(COLLAB_FRAGMENT_FIELD);
  const nodes =
    template === 'joint_strategy_note'
      ? jointStrategyNote(context)
      : template === 'mla_request'
        ? mlaRequest(context)
        : [paragraph('')];
  doc.transact(() => fragment.insert(0, nodes));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/** Section titles of the joint case strategy note (also checked by tests and the client's outline). */
export const JOINT_STRATEGY_SECTIONS = [
  'Case summary',
  'Jurisdictions and applicable offences',
  'Evidence plan per country',
  'Legal-cooperation requests needed',
  'Victim identification, protection and non-punishment',
  'Witness and victim testimony arrangements',
  'Financial investigation and asset recovery',
  'Media and communication',
  'Timeline',
  'Risks',
] as const;

export const MLA_REQUEST_SECTIONS = [
  'Requesting and requested authority',
  'Facts',
  'Offences and legal provisions',
  'Assistance sought',
  'Execution procedures',
  'Confidentiality',
  'Contact',
] as const;

function countryName(code: string): string {
  return JURISDICTIONS.find((entry) => entry.code === code)?.name ?? code;
}

function jointStrategyNote(context: TemplateContext): Y.XmlElement[] {
  const [summary, jurisdictions, evidence, requests, victims, testimony, financial, media, timeline, risks] =
    JOINT_STRATEGY_SECTIONS;
  const countries = context.countries.length > 0 ? context.countries : ['—'];
  return [
    heading(1, context.caseTitle ? `Joint case strategy: ${context.caseTitle}` : 'Joint case strategy'),
    heading(2, summary),
    context.caseSummary
      ? paragraph(context.caseSummary)
      : guidance('Who, what, where and when, in a few lines.'),
    heading(2, jurisdictions),
    table(
      ['Country', 'Offences', 'Legal provisions', 'Lead prosecutor'],
      countries.map((code) => [countryName(code), '', '', '']),
    ),
    heading(2, evidence),
    table(
      ['Country', 'Evidence to obtain', 'Responsible agency', 'Status'],
      countries.map((code) => [countryName(code), '', '', '']),
    ),
    heading(2, requests),
    guidance(
      'Mutual legal assistance, extradition and informal agency-to-agency requests, with their priority.',
    ),
    taskList(['Identify the requests needed', 'Agree who drafts each request']),
    heading(2, victims),
    guidance(
      'Identification, referral to protection and support services, and the non-punishment principle for victims compelled to commit offences.',
    ),
    heading(2, testimony),
    guidance('Video-link testimony, pre-trial recorded statements, interpreters and protective measures.'),
    heading(2, financial),
    guidance(
      'Financial intelligence requests, tracing, freezing and confiscation, and compensation to victims.',
    ),
    heading(2, media),
    guidance('Who speaks to the media, when, and what must not be disclosed.'),
    heading(2, timeline),
    table(['Date', 'Milestone', 'Countries'], [['', '', '']]),
    heading(2, risks),
    bulletList(['']),
  ];
}

function mlaRequest(context: TemplateContext): Y.XmlElement[] {
  const [authorities, facts, offences, assistance, procedures, confidentiality, contact] =
    MLA_REQUEST_SECTIONS;
  const request = context.request;
  return [
    heading(1, 'Request for mutual legal assistance in criminal matters'),
    heading(2, authorities),
    request
      ? paragraph(
          `Requesting authority: ${request.fromAuthority} (${countryName(request.fromCountry)}). Requested authority: ${request.toAuthority} (${countryName(request.toCountry)}).`,
        )
      : guidance('Name and address of the requesting authority and of the central authority addressed.'),
    heading(2, facts),
    guidance('A concise statement of the facts, the investigation or proceedings, and their stage.'),
    heading(2, offences),
    guidance('The offences under investigation and the text of the legal provisions, including penalties.'),
    heading(2, assistance),
    guidance('Precisely what is sought: evidence, records, statements, searches, freezing of assets…'),
    numberedList(['']),
    heading(2, procedures),
    guidance(
      'Any procedure to follow so the evidence is admissible (e.g. certification, presence of officials).',
    ),
    heading(2, confidentiality),
    guidance('Whether the request and its contents must be kept confidential, and why.'),
    heading(2, contact),
    guidance('Name, function, telephone and e-mail of the person handling the request.'),
  ];
}

function element(name: string): Y.XmlElement {
  return new Y.XmlElement(name);
}

/** Tiptap keeps numbers and booleans in node attributes; Yjs' default typing only admits strings. */
function setAttribute(node: Y.XmlElement, key: string, value: number | boolean): void {
  (node as unknown as Y.XmlElement<{ [key: string]: number | boolean }>).setAttribute(key, value);
}

function text(content: string, attributes?: Record<string, unknown>): Y.XmlText {
  const node = new Y.XmlText();
  if (content) node.insert(0, content, attributes);
  return node;
}

function heading(level: number, content: string): Y.XmlElement {
  const node = element('heading');
  setAttribute(node, 'level', level);
  node.insert(0, [text(content)]);
  return node;
}

function paragraph(content: string): Y.XmlElement {
  const node = element('paragraph');
  if (content) node.insert(0, [text(content)]);
  return node;
}

/** Guidance in italics: meant to be replaced by the team's own text. */
function guidance(content: string): Y.XmlElement {
  const node = element('paragraph');
  node.insert(0, [text(content, { italic: {} })]);
  return node;
}

function listOf(kind: 'bulletList' | 'orderedList', items: readonly string[]): Y.XmlElement {
  const list = new Y.XmlElement(kind);
  list.insert(
    0,
    items.map((item) => {
      const entry = element('listItem');
      entry.insert(0, [paragraph(item)]);
      return entry;
    }),
  );
  return list;
}

function bulletList(items: readonly string[]): Y.XmlElement {
  return listOf('bulletList', items);
}

function numberedList(items: readonly string[]): Y.XmlElement {
  return listOf('orderedList', items);
}

function taskList(items: readonly string[]): Y.XmlElement {
  const list = element('taskList');
  list.insert(
    0,
    items.map((item) => {
      const entry = element('taskItem');
      setAttribute(entry, 'checked', false);
      entry.insert(0, [paragraph(item)]);
      return entry;
    }),
  );
  return list;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): Y.XmlElement {
  const node = element('table');
  const row = (cells: readonly string[], cellType: 'tableHeader' | 'tableCell') => {
    const tableRow = element('tableRow');
    tableRow.insert(
      0,
      cells.map((content) => {
        const cell = new Y.XmlElement(cellType);
        setAttribute(cell, 'colspan', 1);
        setAttribute(cell, 'rowspan', 1);
        cell.insert(0, [paragraph(content)]);
        return cell;
      }),
    );
    return tableRow;
  };
  node.insert(0, [row(headers, 'tableHeader'), ...rows.map((cells) => row(cells, 'tableCell'))]);
  return node;
}
