// $text search over a text index: case- and diacritic-insensitive whole-word matching with
// OR semantics between terms, "quoted phrases" (all required) and -negated terms, and a score in
// the spirit of MongoDB's (term frequency weighted by field weight). MongoDB's language stemming
// and stop-word lists are not reproduced.
import { type Doc, isPlainObject } from './values.js';

export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function tokenize(s: string): string[] {
  return normalizeText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

export interface TextSearch {
  terms: string[];
  phrases: string[];
  negated: string[];
}

export function parseSearch(search: string): TextSearch {
  const phrases: string[] = [];
  const withoutPhrases = search.replace(/"([^"]*)"/g, (_m, p: string) => {
    if (p.trim().length > 0) phrases.push(normalizeText(p.trim()));
    return ' ';
  });
  const terms = new Set<string>();
  const negated = new Set<string>();
  for (const raw of withoutPhrases.split(/\s+/)) {
    if (raw.length === 0) continue;
    const neg = raw.startsWith('-');
    for (const t of tokenize(neg ? raw.slice(1) : raw)) (neg ? negated : terms).add(t);
  }
  for (const p of phrases) for (const t of tokenize(p)) terms.add(t);
  return { terms: [...terms], phrases, negated: [...negated] };
}

/** String values of a document that a text index covers, with each field's weight. */
export function textFields(
  doc: Doc,
  weights: Map<string, number> | 'all',
): Array<{ text: string; weight: number }> {
  const out: Array<{ text: string; weight: number }> = [];
  const collect = (v: unknown, weight: number): void => {
    if (typeof v === 'string') out.push({ text: v, weight });
    else if (Array.isArray(v)) for (const e of v) collect(e, weight);
    else if (weights === 'all' && isPlainObject(v)) for (const e of Object.values(v)) collect(e, weight);
  };
  if (weights === 'all') {
    for (const [k, v] of Object.entries(doc)) if (k !== '_id') collect(v, 1);
    return out;
  }
  for (const [path, weight] of weights) {
    const parts = path.split('.');
    const walk = (v: unknown, i: number): void => {
      if (i === parts.length) return collect(v, weight);
      if (Array.isArray(v)) for (const e of v) walk(e, i);
      else if (isPlainObject(v)) walk(v[parts[i] ?? ''], i + 1);
    };
    walk(doc, 0);
  }
  return out;
}

export function docTerms(doc: Doc, weights: Map<string, number> | 'all'): Set<string> {
  const terms = new Set<string>();
  for (const { text } of textFields(doc, weights)) for (const t of tokenize(text)) terms.add(t);
  return terms;
}

/** Score of a document for a search, or undefined when it does not match. */
export function scoreDocument(
  doc: Doc,
  search: TextSearch,
  weights: Map<string, number> | 'all',
): number | undefined {
  if (search.terms.length === 0) return undefined;
  const fields = textFields(doc, weights);
  const tokenized = fields.map((f) => ({ ...f, tokens: tokenize(f.text), norm: normalizeText(f.text) }));
  for (const neg of search.negated) if (tokenized.some((f) => f.tokens.includes(neg))) return undefined;
  for (const phrase of search.phrases) if (!tokenized.some((f) => f.norm.includes(phrase))) return undefined;
  let score = 0;
  for (const f of tokenized) {
    if (f.tokens.length === 0) continue;
    const counts = new Map<string, number>();
    for (const t of f.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const term of search.terms) {
      const c = counts.get(term);
      if (c === undefined) continue;
      // MongoDB's scoring: repeated occurrences decay exponentially (1 + 1/2 + 1/4 ...) and the
      // term's share of the field's tokens scales it between 0.5 and 1, times the field weight.
      const freq = 2 * (1 - 2 ** -c);
      const coeff = (0.5 * c) / f.tokens.length + 0.5;
      score += f.weight * freq * coeff;
    }
  }
  if (score === 0) return undefined;
  return score;
}
