/**
 * Anchoring diagnostics: `anchor-moved`, `anchor-ambiguous`, `anchor-drifted`,
 * `anchor-orphaned`, and the file-level `companion-without-article` and
 * `article-unreadable`.
 */
import { articleReadable, type AnchoredAnnotation, type ArticleEntry } from '../corpus';
import type { Annotation, Companion, Span } from '../model';
import { lineNumber } from '../text';
import { basename } from '../workspace';
import { firstFew } from '../crossSource/related';
import { WorkedOutFinding, type Finding, type RelatedSpan } from './finding';

/** Candidates named, linked and offered for an ambiguous anchor. */
export const MAX_CANDIDATES = 8;

const QUOTE_LIMIT = 60;

function show(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > QUOTE_LIMIT ? `${oneLine.slice(0, QUOTE_LIMIT - 1)}…` : oneLine;
}

/** Where file-level problems of a companion are shown: its `source` key, else the start. */
function headSpan(companion: Companion): Span {
  return companion.sourceKey ?? { start: 0, end: 0 };
}

export function articleFileFindings(companion: Companion, article: ArticleEntry | undefined): Finding[] {
  const name = basename(companion.articleUri);
  if (!article) {
    return [
      {
        uri: companion.uri,
        span: headSpan(companion),
        code: 'companion-without-article',
        message: `No article ${name} beside this companion: its annotations cannot be anchored. Create the article, or rename the companion to match it.`,
        data: { article: companion.articleUri },
      },
    ];
  }
  if (article.unreadable) {
    return [
      {
        uri: companion.uri,
        span: headSpan(companion),
        code: 'article-unreadable',
        message: `The article ${name} cannot be read: ${article.unreadable}.`,
        related: [{ uri: article.uri, span: { start: 0, end: 0 }, message: 'the article' }],
      },
    ];
  }
  return [];
}

/** `anchor-drifted`, one for each annotation approximately anchored: its message worked out when read (see WorkedOutFinding). */
class DriftedFinding extends WorkedOutFinding {
  constructor(
    uri: string,
    /** An annotation with a text field. */
    private readonly annotated: Annotation,
    related: readonly RelatedSpan[] | undefined,
    override readonly data: { readonly found: string | undefined; readonly span: Span | undefined },
    private readonly score: number,
    /** The line of the closest text, when placed. */
    private readonly line: number | undefined,
  ) {
    super(uri, 'anchor-drifted', annotated.index, related, data);
  }

  get span(): Span {
    return this.annotated.fields.text!.node;
  }

  get message(): string {
    const where = this.line === undefined ? 'unknown line' : `line ${this.line}`;
    return `The article no longer says "${show(this.annotated.text ?? '')}"; the closest text is "${show(this.data.found ?? '')}" (${Math.round(this.score * 100)}% similar, ${where}). Re-anchor to accept it.`;
  }
}

export function anchorFindings(anchored: readonly AnchoredAnnotation[], article: ArticleEntry | undefined): Finding[] {
  if (!article || !articleReadable(article)) return [];
  const out: Finding[] = [];
  const articleName = basename(article.uri);
  const marked = `marked text in ${articleName}`;
  for (const { companion, annotation: a, anchor: r } of anchored) {
    const textField = a.fields.text;
    if (!textField || a.text === undefined || a.text.trim() === '') continue; // the schema reports it
    const at = (span: Span) => `line ${lineNumber(article.lineStarts, span.start)}`;
    const back = r.span ? [{ uri: article.uri, span: r.span, message: marked }] : undefined;
    switch (r.state) {
      case 'placed':
        break;
      case 'moved': {
        const startField = a.fields.start;
        if (!startField || !r.span) break;
        out.push({
          uri: companion.uri,
          span: startField.node,
          code: 'anchor-moved',
          message: `"${show(a.text)}" is now at offset ${r.span.start} (${at(r.span)}), not ${a.start ?? startField.value}; update "start" to keep the hint exact.`,
          related: back,
          data: { start: r.span.start },
          annotation: a.index,
        });
        break;
      }
      case 'ambiguous': {
        const candidates = r.candidates ?? [];
        // Words that occur thousands of times: name and link the first few only
        // (enough to choose from: each is a quick fix).
        const shown = firstFew(candidates, MAX_CANDIDATES);
        const lines = [...new Set(shown.map((c) => lineNumber(article.lineStarts, c.start)))];
        const more = shown.length < candidates.length ? ', …' : '';
        out.push({
          uri: companion.uri,
          span: textField.node,
          code: 'anchor-ambiguous',
          message: `"${show(a.text)}" occurs ${candidates.length} times in ${articleName} (${lines.length === 1 && !more ? 'line' : 'lines'} ${lines.join(', ')}${more}); add a prefix or suffix to say which.`,
          related: shown.map((c, i) => ({ uri: article.uri, span: c, message: `candidate ${i + 1}` })),
          data: { candidates: shown },
          annotation: a.index,
        });
        break;
      }
      case 'drifted':
        out.push(new DriftedFinding(companion.uri, a, back, { found: r.found, span: r.span }, r.score, r.span && lineNumber(article.lineStarts, r.span.start)));
        break;
      case 'orphaned':
        out.push({
          uri: companion.uri,
          span: textField.node,
          code: 'anchor-orphaned',
          message:
            `"${show(a.text)}" is no longer in ${articleName}` +
            (r.found && r.nearest
              ? `; the nearest text, "${show(r.found)}" at ${at(r.nearest)}, is only ${Math.round(r.score * 100)}% similar, too little to attach it.`
              : '.') +
            ' Fix the text, or delete the annotation.',
          data: { nearest: r.nearest },
          annotation: a.index,
        });
        break;
    }
  }
  return out;
}
