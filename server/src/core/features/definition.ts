/**
 * Go to Definition.
 *
 * - On annotated article words, or a reference key in a companion: the key's
 *   definition in the governing dossier (where the key is written). An
 *   annotation with several keys (a quote's `quote` and `speaker`) gives all
 *   of them, primary first. Without a dossier, keys are free-form and have
 *   no definition.
 * - On a companion's `text` value: the words it is anchored to in the article.
 * - On a dossier quote's `speaker`: the entity's definition.
 * - On a dossier key itself: that key (VS Code then offers its references).
 */
import type { Corpus } from '../corpus';
import { definitionOf, targetAt } from './target';
import { locationOf, type Location } from './locate';

export function definitionAt(corpus: Corpus, uri: string, offset: number): Location[] {
  const target = targetAt(corpus, uri, offset);
  if (!target) return [];
  if (target.origin === 'companion' && target.annotation) {
    const span = target.annotation.anchor.span;
    return span ? [locationOf(corpus, target.annotation.companion.articleUri, span)] : [];
  }
  if (target.definition) return [locationOf(corpus, uri, target.definition.keySpan)];
  const out: Location[] = [];
  const seen = new Set<string>();
  for (const ref of target.keys) {
    const def = definitionOf(corpus, uri, ref);
    const dossier = corpus.dossierFor(uri);
    if (!def || !dossier || seen.has(`${ref.section}/${ref.key}`)) continue;
    seen.add(`${ref.section}/${ref.key}`);
    out.push(locationOf(corpus, dossier.uri, def.keySpan));
  }
  return out;
}
