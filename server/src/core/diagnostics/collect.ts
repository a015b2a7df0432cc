/**
 * Gathers every diagnostic family for one file, and mirrors the findings
 * about an annotation onto the article words it marks.
 */
import type { Corpus } from '../corpus';
import type { Companion, FileProblem } from '../model';
import { basename, companionFor, isArticleCandidate, isCompanion, isDossier } from '../workspace';
import { MAX_CANDIDATES, anchorFindings, articleFileFindings } from './anchors';
import { changed, type Finding } from './finding';
import { duplicateIdFindings } from './identity';
import { dossierReferenceFindings, unknownKeyFindings } from './references';
import { valueFindings } from './values';
import { firstFew } from '../crossSource/related';

function problemFindings(uri: string, problems: readonly FileProblem[]): Finding[] {
  return problems.map((p) => ({ uri, span: p.span, code: p.code, message: p.message, data: p.data }));
}

/** The findings on a companion file itself. */
export function companionFindings(corpus: Corpus, companion: Companion): Finding[] {
  const article = corpus.getArticle(companion.articleUri);
  return [
    ...problemFindings(companion.uri, companion.problems),
    ...duplicateIdFindings(companion),
    ...unknownKeyFindings(companion, corpus.dossierFor(companion.uri)),
    ...articleFileFindings(companion, article),
    ...anchorFindings(corpus.annotationsOf(companion.uri), article),
    ...valueFindings(companion),
  ];
}

/** Everything said about a companion: its own findings and the cross-source ones. */
function allCompanionFindings(corpus: Corpus, companion: Companion): Finding[] {
  const cross = corpus.scopeAnalysis(companion.uri).findings.get(companion.uri) ?? [];
  const own = corpus.localFindings(companion);
  return cross.length ? [...own, ...cross] : own;
}

/** An article's findings: its own, and (with `marks`) its companion's mirrored on the words they are about. */
function articleFindings(corpus: Corpus, articleUri: string, marks: boolean): Finding[] {
  const companion = marks ? corpus.getCompanion(companionFor(articleUri)) : undefined;
  const out: Finding[] = companion ? marksOf(corpus, companion, articleUri) : [];
  const article = corpus.getArticle(articleUri);
  if (article?.unreadable) {
    out.push({ uri: articleUri, span: { start: 0, end: 0 }, code: 'article-unreadable', message: `This article cannot be read: ${article.unreadable}.` });
  }
  return out;
}

/**
 * Findings about annotations, placed on the article words they mark. A mark
 * links back to its annotation only: the other sources' places are on the
 * annotation's own diagnostic, one click away, and in the hover over the
 * same words. (Repeated on the mark they were a third of the diagnostics
 * sent for 1,000 bench pairs.)
 */
function marksOf(corpus: Corpus, companion: Companion, articleUri: string): Finding[] {
  const anchors = corpus.anchorsOf(companion.uri);
  // Findings name an annotation by its place in the YAML list; anchors are by place among the annotations.
  const anchorOf = new Map(companion.annotations.map((a, i) => [a.index, anchors[i]]));
  const out: Finding[] = [];
  const where = basename(companion.uri);
  for (const f of allCompanionFindings(corpus, companion)) {
    if (f.annotation === undefined) continue;
    const r = anchorOf.get(f.annotation);
    // An ambiguous annotation is marked at its first few candidates (see anchorFindings).
    const spans = r?.span ? [r.span] : r?.state === 'ambiguous' ? firstFew(r.candidates ?? [], MAX_CANDIDATES) : [];
    for (const span of spans) {
      out.push(changed(f, { uri: articleUri, span, related: [{ uri: companion.uri, span: f.span, message: `annotation in ${where}` }] }));
    }
  }
  return out;
}

/**
 * Everything said about one file. `marks: false` leaves out the findings an
 * article only mirrors from its companion (its own are kept).
 */
export function fileFindings(corpus: Corpus, uri: string, marks = true): Finding[] {
  if (isDossier(uri)) {
    const dossier = corpus.getDossier(uri);
    return dossier ? [...problemFindings(uri, dossier.problems), ...dossierReferenceFindings(dossier)] : [];
  }
  if (isCompanion(uri)) {
    const companion = corpus.getCompanion(uri);
    return companion ? allCompanionFindings(corpus, companion) : [];
  }
  if (isArticleCandidate(uri)) return articleFindings(corpus, uri, marks);
  return [];
}
