/**
 * Document links in a companion: each annotation's `text` value links to the
 * words it is anchored to in the article. The target is the article's URI
 * with a `#L<line>,<column>` fragment (both one-based), which VS Code opens at
 * that place. Annotations not attached to any words get no link.
 */
import type { Corpus } from '../corpus';
import type { Range } from '../model';
import { positionAt, rangeOf } from '../text';
import { basename } from '../workspace';

export interface DocumentLink {
  readonly range: Range;
  readonly target: string;
  readonly tooltip: string;
}

export function documentLinks(corpus: Corpus, companionUri: string): DocumentLink[] {
  const companion = corpus.getCompanion(companionUri);
  const articleStarts = corpus.lineStartsOf(companion?.articleUri ?? '');
  if (!companion || !articleStarts) return [];
  const out: DocumentLink[] = [];
  for (const { annotation, anchor } of corpus.annotationsOf(companionUri)) {
    const node = annotation.fields.text?.node;
    if (!node || !anchor.span) continue;
    const at = positionAt(articleStarts, anchor.span.start);
    out.push({
      range: rangeOf(companion.lineStarts, node),
      target: `${companion.articleUri}#L${at.line + 1},${at.character + 1}`,
      tooltip: `Open in ${basename(companion.articleUri)}`,
    });
  }
  return out;
}
