/**
 * Cross-source results lent to navigation features: quote counterparts as
 * references, and `conflict`/`contested` semantic-token modifiers.
 */
import type { ReferenceContributor } from '../features/references';
import type { TokenModifier, TokenModifierProvider } from '../features/semanticTokens';
import { locationOf } from '../features/locate';
import { companionFor } from '../workspace';
import { FINDING_CLASS } from './findingClass';
import { annotationKey } from './related';

/** A quote's counterparts in other sources, matched by key or by wording. */
export const quoteCounterpartReferences: ReferenceContributor = ({ corpus, target }) => {
  const hit = target.annotation;
  if (!hit || hit.annotation.kind !== 'quote') return [];
  const counterparts = corpus.scopeAnalysis(hit.companion.uri).counterparts.get(annotationKey(hit)) ?? [];
  return counterparts.flatMap((c) => (c.other.anchor.span ? [locationOf(corpus, c.other.companion.articleUri, c.other.anchor.span)] : []));
};

/** `conflict` and `contested` on the spans whose annotations carry cross-source findings. */
export const crossSourceModifiers: TokenModifierProvider = (corpus, articleUri) => {
  const companion = companionFor(articleUri);
  const out = new Map<number, TokenModifier[]>();
  for (const f of corpus.scopeAnalysis(companion).findings.get(companion) ?? []) {
    const m = FINDING_CLASS[f.code];
    if (!m || f.annotation === undefined) continue;
    const list = out.get(f.annotation) ?? [];
    if (!list.includes(m)) list.push(m);
    out.set(f.annotation, list);
  }
  return out;
};
