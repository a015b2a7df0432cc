/**
 * Reads a companion `NAME.ann.yaml` into plain data with spans, validates it
 * against the companion schema, and lets the YAML tree go.
 */
import { asKind, type Annotation, type Companion, type Field, type FileProblem, type Kind, type SourceInfo, type Span } from '../model';
import { validate } from '../schema';
import { lineStarts } from '../text';
import { articleFor } from '../workspace';
import { locatorFor } from './locator';
import { isYMap, isYSeq } from './tree';
import { PlainCopier, asNumber, asString, findPair, parseYaml, spanOf, type ParseYamlOptions } from './yamlTree';

/** The most annotations read from one companion; the rest are reported, not analysed. */
export const DEFAULT_MAX_ANNOTATIONS = 5000;

export interface CompanionParseOptions extends ParseYamlOptions {
  readonly maxAnnotations?: number;
}

export function parseCompanion(uri: string, text: string, options: CompanionParseOptions = {}): Companion {
  try {
    return parseCompanionUnsafe(uri, text, options);
  } catch (e) {
    // The parser should never get here; if it does the user still sees why.
    return emptyCompanion(uri, text, [{ span: { start: 0, end: 0 }, code: 'yaml-syntax', message: `Could not read this file: ${String(e)}` }]);
  }
}

function emptyCompanion(uri: string, text: string, problems: FileProblem[]): Companion {
  return {
    uri,
    articleUri: articleFor(uri),
    source: { fields: {} },
    annotations: [],
    problems,
    lineStarts: lineStarts(text),
    hasSyntaxError: true,
  };
}

function parseCompanionUnsafe(uri: string, text: string, options: CompanionParseOptions): Companion {
  const { root, problems, hasSyntaxError } = parseYaml(text, options);
  const copier = new PlainCopier(root);
  const maxAnnotations = options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS;

  const sourcePair = findPair(root, 'source');
  const sourceFields = copier.fields(sourcePair?.value);
  const str = (name: string) => asString(sourceFields[name]?.value);
  const published = sourceFields.published?.value;
  const source: SourceInfo = {
    outlet: str('outlet'),
    published: typeof published === 'string' ? published : undefined,
    title: str('title'),
    url: str('url'),
    byline: str('byline'),
    language: str('language'),
    translated_from: str('translated_from'),
    fields: sourceFields,
    span: spanOf(sourcePair?.value),
  };

  const annotationsPair = findPair(root, 'annotations');
  const annotations: Annotation[] = [];
  const list = annotationsPair?.value;
  if (isYSeq(list)) {
    list.items.forEach((item, index) => {
      if (index >= maxAnnotations) return;
      const span = spanOf(item);
      if (!span || !isYMap(item)) return; // the schema reports a non-mapping item
      const fields = copier.fields(item);
      annotations.push(new ParsedAnnotation(index, span, fields, asKind(asString(fields.kind?.value))));
    });
    if (list.items.length > maxAnnotations) {
      problems.push({
        span: spanOf(annotationsPair?.key) ?? { start: 0, end: 0 },
        code: 'limit-exceeded',
        message: `This file has ${list.items.length} annotations; only the first ${maxAnnotations} are analysed (setting corroborate.limits.maxAnnotationsPerFile).`,
      });
    }
  }

  // Schema validation on the plain copy (bounded, alias-safe) of the whole file,
  // with its own alias budget: the one spent reading the fields above must not
  // make later aliases read as null here.
  const plain = new PlainCopier(root).copy(root);
  if (root !== null) {
    problems.push(...validate('companion', plain, locatorFor(root)));
  } else if (!hasSyntaxError) {
    problems.push({
      span: { start: 0, end: 0 },
      code: 'schema',
      message: 'This companion is empty: it needs a "source" with an "outlet" and a list of "annotations".',
    });
  }

  return {
    uri,
    articleUri: articleFor(uri),
    source,
    annotations: annotations.slice(), // without the room push leaves: kept while the file is
    sourceKey: spanOf(sourcePair?.key),
    annotationsKey: spanOf(annotationsPair?.key),
    problems,
    lineStarts: lineStarts(text),
    hasSyntaxError,
  };
}

/**
 * An annotation as parsed: its fields, and their well-typed readings read
 * from them when asked for (all but the kind, which nearly every analysis
 * reads). Every annotation of every companion is held for as long as its
 * file is: kept as properties, the readings took half of its object.
 */
class ParsedAnnotation implements Annotation {
  constructor(
    readonly index: number,
    readonly span: Span,
    readonly fields: Readonly<Record<string, Field>>,
    readonly kind: Kind | undefined,
  ) {}
  get id(): string | undefined {
    const id = this.fields.id?.value;
    return typeof id === 'number' ? String(id) : asString(id);
  }
  get text(): string | undefined {
    return asString(this.fields.text?.value);
  }
  get prefix(): string | undefined {
    return asString(this.fields.prefix?.value);
  }
  get suffix(): string | undefined {
    return asString(this.fields.suffix?.value);
  }
  get start(): number | undefined {
    const start = asNumber(this.fields.start?.value);
    return start !== undefined && Number.isInteger(start) && start >= 0 ? start : undefined;
  }
  get note(): string | undefined {
    return asString(this.fields.note?.value);
  }
}
