/**
 * Cross-source analysis of one scope (the companions governed by one
 * dossier, or all those without a dossier): the findings that compare
 * sources with each other. Computed once per change of the scope and shared
 * by diagnostics, hovers, CodeLens, views and the report.
 *
 * The analysis is incremental: it keeps, between runs, each companion's
 * readings, each quantity's and each claim's group with its findings, and
 * the quote index. A run looks only at the companions the corpus
 * invalidated since the last one, compares only those whose readings are
 * new objects (a companion edit), re-examines only the groups whose
 * readings changed (a reading that still says the same is kept, see
 * readings.carryOver), and says which companions' findings changed.
 *
 * An article edit leaves its companion's readings the same objects (only
 * their anchors move, in place): nothing is regrouped. The findings that
 * point at a reading whose place moved stay the same objects too (their
 * related places follow the reading, see related.ts), but what they say in
 * a diagnostic changed, so their companions are named as changed.
 */
import type { Corpus } from '../corpus';
import { changed, type Finding, type RelatedSpan } from '../diagnostics/finding';
import type { AnchorResult, Companion, Dossier, LineStarts, Range, Span } from '../model';
import { rangeOf, sameLines } from '../text';
import { QUOTE_MATCH_THRESHOLD } from '../analysis/quotes';
import { claimFindingSpan, claimFindings } from './claims';
import { compareGroup, figureFindingSpan, figureFindings, figureFindingsAgain, indexed, type ComparedGroup, type Disagreement } from './figures';
import { QuoteIndex, type CounterpartLookup } from './quotes';
import { carryOver, readingsOfCompanion, type ClaimReading, type FigureReading, type QuoteReading, type ScopeReadings } from './readings';
import { byPlace, relatedTarget, runOf, type AnnotationRef } from './related';
import { insertSorted } from './sortedLists';

export interface ScopeAnalysis {
  /** Findings by companion URI (each about one of its annotations). */
  readonly findings: { get(companionUri: string): readonly Finding[] | undefined };
  /** Every reading of the scope, in the order of its companions. */
  readonly readings: ScopeReadings;
  /** Quote counterparts by annotation key (`companionUri#index`). */
  readonly counterparts: CounterpartLookup;
  /** Figure disagreements by annotation key. */
  readonly disagreements: { get(annotationKey: string): Disagreement | undefined; has(annotationKey: string): boolean };
  readonly dossier?: Dossier;
  /** Companions whose cross-source findings changed in this run (all of them in a first run). */
  readonly changed: ReadonlySet<string>;
  /** Quotes linked by keys or wording, each family in order of source and position. */
  quoteFamilies(): QuoteReading[][];
  /** The readings of one companion. */
  readingsIn(companionUri: string): ScopeReadings;
  /** The reading of one annotation, if it is compared across sources. */
  readingOf(companionUri: string, annotationIndex: number): FigureReading | QuoteReading | ClaimReading | undefined;
  /** Every figure of a quantity, every claim reading of a claim (in order of source and position). */
  figuresOf(quantity: string): readonly FigureReading[];
  claimsOf(claim: string): readonly ClaimReading[];
  /** The quote readings of a speaker key, in no particular order. */
  quotesBy(speaker: string): ReadonlySet<QuoteReading>;
  /** What the next run of the same scope starts from (internal). */
  readonly state?: ScopeState;
}

const EMPTY_READINGS: ScopeReadings = { figures: [], quotes: [], claims: [] };
const NO_QUOTES: ReadonlySet<QuoteReading> = new Set();

export const EMPTY_SCOPE: ScopeAnalysis = {
  findings: new Map(),
  readings: EMPTY_READINGS,
  counterparts: new Map(),
  disagreements: new Map(),
  changed: new Set(),
  quoteFamilies: () => [],
  readingsIn: () => EMPTY_READINGS,
  readingOf: () => undefined,
  figuresOf: () => [],
  claimsOf: () => [],
  quotesBy: () => NO_QUOTES,
};

/** The companions of a scope, as an analysis reads them. */
export interface ScopeCompanions {
  /** Every companion of the scope. */
  all(): readonly Companion[];
  /** The companion with this URI, if it is in the scope. */
  get(uri: string): Companion | undefined;
  /**
   * The companions that may have changed since the previous analysis of the
   * scope (edited, re-anchored, added or removed), so only they are looked
   * at; undefined when any may have.
   */
  readonly touched?: ReadonlySet<string>;
}

export interface AnalysisOptions {
  /** Similarity (0..1) two quotes without a shared key need to be counterparts; default QUOTE_MATCH_THRESHOLD. */
  readonly quoteMatchThreshold?: number;
}

/** The readings of one quantity or claim, and their findings by companion. */
interface Group<R> {
  readonly members: readonly R[];
  readonly findings: Map<string, readonly Finding[]>;
  /** A quantity's figures compared (see figures.compareGroup). */
  readonly compared?: ComparedGroup;
}

/** A companion's anchors and its article's line starts, as an analysis last saw them. */
interface Seen {
  readonly anchors: readonly AnchorResult[];
  readonly articleLines: LineStarts | undefined;
}

/** What one analysis leaves for the next; updated in place by it. */
class ScopeState {
  readonly byCompanion = new Map<string, ScopeReadings>();
  /** What each companion's readings were last seen with, to tell which readings' places moved. */
  readonly seen = new Map<string, Seen>();
  readonly figures = new Map<string, Group<FigureReading>>();
  readonly claims = new Map<string, Group<ClaimReading>>();
  readonly quotes: QuoteIndex;
  /** Every quote reading by its speaker key ('' for none), kept up to date from each analysis's edits. */
  readonly bySpeaker = new Map<string, Set<QuoteReading>>();
  /** Each companion's cross-source findings, assembled on demand. */
  readonly assembled = new Map<string, readonly Finding[]>();
  /** The quantities whose groups keep their index (see figures.FigureIndex), least recently edited first. */
  readonly indexed = new Set<string>();

  constructor(
    readonly dossier: Dossier | undefined,
    readonly threshold: number,
  ) {
    this.quotes = new QuoteIndex(threshold);
  }

  findingsOf(uri: string): readonly Finding[] {
    let found = this.assembled.get(uri);
    if (found) return found;
    const mine = this.byCompanion.get(uri);
    const out: Finding[] = [];
    if (mine) {
      for (const quantity of keysOf(mine.figures, (f) => f.quantity)) for (const f of this.figures.get(quantity)?.findings.get(uri) ?? []) out.push(f);
      for (const claim of keysOf(mine.claims, (c) => c.claim)) for (const f of this.claims.get(claim)?.findings.get(uri) ?? []) out.push(f);
      for (const q of mine.quotes) for (const f of this.quotes.findingsOfQuote(q, this.dossier)) out.push(f);
    }
    found = out;
    this.assembled.set(uri, found);
    return found;
  }
}

/** Distinct keys of a companion's readings, in order of first use. */
function keysOf<R>(readings: readonly R[], key: (r: R) => string): string[] {
  return [...new Set(readings.map(key))];
}

type Moved = { add(r: object): unknown };

/**
 * The readings of a companion whose places moved since it was last seen (the
 * readings themselves are kept; their anchors were updated in place). A place
 * is where a diagnostic shows it: a line and a character, so an article whose
 * lines changed can move a place whose offsets did not.
 */
function movedIn(companion: Companion, readings: ScopeReadings, seen: Seen, articleLines: LineStarts | undefined, moved: Moved, out: ScopeReadings): void {
  const before = new Map<object, AnchorResult | undefined>();
  companion.annotations.forEach((a, i) => before.set(a, seen.anchors[i]));
  const check = <R extends { readonly annotation: object; readonly anchor: AnchorResult }>(list: readonly R[], into: R[]) => {
    for (const r of list) {
      if (samePlace(before.get(r.annotation), seen.articleLines, r.anchor, articleLines)) continue;
      moved.add(r);
      into.push(r);
    }
  };
  check(readings.figures, out.figures as FigureReading[]);
  check(readings.quotes, out.quotes as QuoteReading[]);
  check(readings.claims, out.claims as ClaimReading[]);
}

/**
 * Of an edited companion's previous readings, those whose file's lines
 * changed (the article's for an anchored reading, the companion's for one
 * that is not): regrouping compares related places by offset, which is not
 * enough then.
 */
function movedLines(before: ScopeReadings, seen: Seen, articleLines: LineStarts | undefined, companionLines: LineStarts, moved: Moved, out: ScopeReadings): void {
  const articleChanged = !sameLines(seen.articleLines, articleLines);
  const check = <R extends { readonly companion: Companion; readonly anchor: AnchorResult }>(list: readonly R[], into: R[]) => {
    for (const r of list) {
      if (!(r.anchor.span ? articleChanged : !sameLines(r.companion.lineStarts, companionLines))) continue;
      moved.add(r);
      into.push(r);
    }
  };
  check(before.figures, out.figures as FigureReading[]);
  check(before.quotes, out.quotes as QuoteReading[]);
  check(before.claims, out.claims as ClaimReading[]);
}

/** Whether a related place at these anchors would be shown at the same range: in the article, or in the companion (no span) both times. */
function samePlace(a: AnchorResult | undefined, aLines: LineStarts | undefined, b: AnchorResult, bLines: LineStarts | undefined): boolean {
  const x = a?.span;
  const y = b.span;
  if (!x || !y) return !x && !y;
  if (aLines === bLines) return x.start === y.start && x.end === y.end;
  if (!aLines || !bLines) return false;
  return sameRange(rangeOf(aLines, x), rangeOf(bLines, y));
}

function sameRange(p: Range, q: Range): boolean {
  return p.start.line === q.start.line && p.start.character === q.start.character && p.end.line === q.end.line && p.end.character === q.end.character;
}

function bucket(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.uri);
    if (list) list.push(f);
    else out.set(f.uri, [f]);
  }
  return out;
}

/**
 * Analyses a scope. With the previous analysis of the same scope (same
 * dossier and options), only what changed is compared again.
 */
export function analyzeScope(
  corpus: Corpus,
  scope: ScopeCompanions,
  dossier: Dossier | undefined,
  options: AnalysisOptions = {},
  previous?: ScopeAnalysis,
): ScopeAnalysis {
  const threshold = options.quoteMatchThreshold ?? QUOTE_MATCH_THRESHOLD;
  const old = previous?.state;
  const state = old && old.dossier === dossier && old.threshold === threshold ? old : new ScopeState(dossier, threshold);
  const fresh = state !== old;

  // Which companions' readings changed (new objects), appeared or went away;
  // and, of the readings kept, which ones' places moved (their article was edited).
  // `kept`: readings of an edited companion that still say the same (see readings.carryOver).
  const edits: Array<{ uri: string; before?: ScopeReadings; after?: ScopeReadings; kept?: ReadonlySet<object> }> = [];
  const moved = new Set<object>();
  const movedReadings: ScopeReadings = { figures: [], quotes: [], claims: [] };
  // Kept figures whose words changed (see readings.carryOver): the findings quoting them are made again below.
  const rewritten = new Set<FigureReading>();
  const visit = (c: Companion) => {
    const after = readingsOfCompanion(corpus, c, dossier);
    const before = state.byCompanion.get(c.uri);
    const anchors = corpus.anchorsOf(c.uri);
    const articleLines = corpus.getArticle(c.articleUri)?.lineStarts;
    let seen = state.seen.get(c.uri);
    const unseen = !seen || seen.anchors !== anchors || seen.articleLines !== articleLines;
    if (unseen) state.seen.set(c.uri, { anchors, articleLines });
    if (before !== after) {
      let kept: ReadonlySet<object> | undefined;
      if (before && seen) {
        movedLines(before, seen, articleLines, c.lineStarts, moved, movedReadings);
        const was = seen;
        kept = carryOver(
          before,
          after,
          (old, next, kind) => {
            if (sameShownPlace(old, was.articleLines, next, articleLines)) return;
            moved.add(old);
            (movedReadings[kind] as Array<typeof old>).push(old);
          },
          rewritten,
        );
      }
      edits.push({ uri: c.uri, before, after, kept });
    } else if (unseen) {
      seen ??= { anchors: [], articleLines: undefined };
      movedIn(c, after, seen, articleLines, moved, movedReadings);
    }
  };
  const gone = (uri: string) => {
    const before = state.byCompanion.get(uri);
    if (!before) return;
    edits.push({ uri, before });
    state.seen.delete(uri);
  };
  if (!fresh && scope.touched) {
    // Only what changed since the previous analysis: an edit costs the same in a scope of ten or ten thousand sources.
    for (const uri of scope.touched) {
      const c = scope.get(uri);
      if (c) visit(c);
      else gone(uri);
    }
  } else {
    const present = new Set<string>();
    for (const c of scope.all()) {
      present.add(c.uri);
      visit(c);
    }
    for (const uri of [...state.byCompanion.keys()]) if (!present.has(uri)) gone(uri);
  }

  const changed = new Set<string>();
  if (fresh && previous) for (const uri of previous.state?.byCompanion.keys() ?? []) changed.add(uri);

  // Findings that point at a moved reading, as they were last worked out (before
  // any regrouping below): the places they gave are no longer where the words are.
  if (moved.size) {
    // Quotes of one variant and speaker share their findings' related places: each list is looked at once.
    const seenLists = new Map<readonly RelatedSpan[], boolean>();
    const listPointsAtMoved = (list: readonly RelatedSpan[]) => {
      let hit = seenLists.get(list);
      if (hit === undefined) {
        hit = list.some((p) => {
          const target = relatedTarget(p);
          return target !== undefined && moved.has(target);
        });
        seenLists.set(list, hit);
      }
      return hit;
    };
    const pointsAtMoved = (found: readonly Finding[] | undefined) => found?.some((f) => f.related !== undefined && listPointsAtMoved(f.related)) ?? false;
    const inGroups = <R>(groups: ReadonlyMap<string, Group<R>>, keys: Iterable<string>) => {
      for (const k of keys) for (const [uri, found] of groups.get(k)?.findings ?? []) if (!changed.has(uri) && pointsAtMoved(found)) changed.add(uri);
    };
    inGroups(state.figures, new Set(movedReadings.figures.map((f) => f.quantity)));
    inGroups(state.claims, new Set(movedReadings.claims.map((c) => c.claim)));
    for (const q of state.quotes.around(movedReadings.quotes)) {
      if (!changed.has(q.companion.uri) && pointsAtMoved(state.quotes.findingsOfQuote(q, dossier))) changed.add(q.companion.uri);
    }
  }

  if (edits.length) {
    const editedUris = new Set(edits.map((e) => e.uri));
    for (const e of edits) {
      if (e.after) state.byCompanion.set(e.uri, e.after);
      else state.byCompanion.delete(e.uri);
      changed.add(e.uri);
      for (const q of e.before?.quotes ?? []) state.bySpeaker.get(q.speaker ?? '')?.delete(q);
      for (const q of e.after?.quotes ?? []) {
        const set = state.bySpeaker.get(q.speaker ?? '');
        if (set) set.add(q);
        else state.bySpeaker.set(q.speaker ?? '', new Set([q]));
      }
    }
    const regroup = <R extends AnnotationRef>(
      groups: Map<string, Group<R>>,
      pick: (r: ScopeReadings) => readonly R[],
      key: (r: R) => string,
      /** The group's findings and comparison; with `touched`, the only companions whose findings may differ from before's. */
      analyse: (members: readonly R[], before: Group<R> | undefined) => Omit<Group<R>, 'members'> & { readonly touched?: ReadonlySet<string> },
      spanOf: (r: R) => Span | undefined,
    ) => {
      // The groups an edited companion's changed readings belonged to or now belong to, and
      // the readings they are to have of it. A group that only kept readings of it belong to
      // stays as it is; only where its findings on that companion are shown moves.
      const keys = new Set<string>();
      for (const e of edits) {
        for (const r of e.before ? pick(e.before) : []) if (!e.kept?.has(r)) keys.add(key(r));
        for (const r of e.after ? pick(e.after) : []) if (!e.kept?.has(r)) keys.add(key(r));
      }
      const added = new Map<string, R[]>();
      for (const e of edits) {
        const unchanged = new Set<string>();
        for (const r of e.after ? pick(e.after) : []) {
          const k = key(r);
          if (!keys.has(k)) {
            unchanged.add(k);
            continue;
          }
          const list = added.get(k);
          if (list) list.push(r);
          else added.set(k, [r]);
        }
        for (const k of unchanged) {
          const group = groups.get(k);
          const found = group?.findings.get(e.uri);
          if (group && found) group.findings.set(e.uri, placedAgain(found, e.after ? pick(e.after) : [], spanOf));
        }
      }
      for (const k of keys) {
        const before = groups.get(k);
        const members = membersAfter(before?.members ?? [], editedUris, added.get(k) ?? []);
        const made = members.length ? analyse(members, before) : undefined;
        const after: Group<R> | undefined = made && { members, findings: made.findings, compared: made.compared };
        if (after) groups.set(k, after);
        else groups.delete(k);
        // Companions whose findings from this group differ. Unless the analysis says which companions it
        // made findings for again (the others keep their lists), the others are assembled again too: their
        // findings are new objects, whose related places follow the current readings (see related.ts).
        const uris = made?.touched ?? new Set([...(before?.findings.keys() ?? []), ...(after?.findings.keys() ?? [])]);
        for (const uri of uris) {
          state.assembled.delete(uri);
          if (!sameFindings(before?.findings.get(uri), after?.findings.get(uri))) changed.add(uri);
        }
      }
    };
    // A group being edited keeps its index for the next edit; a few such groups at most (a large
    // group's index is ~200 bytes a reading: 18 MB for all of them at 10,000 bench pairs).
    const interactive = editedUris.size <= INTERACTIVE_EDITS;
    regroup(state.figures, (r) => r.figures, (f) => f.quantity, (members, before) => {
      const compared = compareGroup(members, before?.compared && { members: before.members, compared: before.compared }, editedUris, interactive);
      const previous = before?.compared && { disagreements: before.compared.disagreements, findings: before.findings, afresh: editedUris };
      if (compared.index) keepIndexOf(state, members[0].quantity);
      // A large group (compared through its index, in order of place) makes findings only for the companions that need them.
      if (previous && compared.index) return { ...figureFindingsAgain(members, compared.disagreements, dossier, previous), compared };
      return { findings: bucket(figureFindings(compared.disagreements, dossier, previous)), compared };
    }, figureFindingSpan);
    regroup(state.claims, (r) => r.claims, (c) => c.claim, (members) => ({ findings: bucket(claimFindings(members, dossier)) }), claimFindingSpan);
    for (const uri of findingsQuotingAgain(state.figures, rewritten, dossier)) changed.add(uri);

    // Quotes: each touched quote of an unedited companion, its findings before and after.
    // A kept quote stays where it is among the others; only its own findings are placed again.
    const removed = edits.flatMap((e) => e.before?.quotes.filter((q) => !e.kept?.has(q)) ?? []);
    const added = edits.flatMap((e) => e.after?.quotes.filter((q) => !e.kept?.has(q)) ?? []);
    state.quotes.placeAgain(edits.flatMap((e) => e.after?.quotes.filter((q) => e.kept?.has(q)) ?? []));
    for (const [q, before] of state.quotes.apply(removed, added, dossier)) {
      state.assembled.delete(q.companion.uri);
      if (editedUris.has(q.companion.uri)) continue;
      if (!before || !sameFindings(before, state.quotes.findingsOfQuote(q, dossier))) changed.add(q.companion.uri);
    }
  }
  for (const uri of changed) state.assembled.delete(uri);

  return view(state, scope, changed);
}

/**
 * A group's readings, in order of place, once those of the edited companions
 * are replaced by `added`. For a user's edits, each edited companion's
 * readings are one run of `members` (byPlace orders by companion first): it
 * is cut out and the new readings put in by binary search. Sorting the whole
 * group again took half a millisecond a keystroke in a group of 1,600.
 */
function membersAfter<R extends AnnotationRef>(members: readonly R[], edited: ReadonlySet<string>, added: readonly R[]): R[] {
  if (edited.size > INTERACTIVE_EDITS) return [...members.filter((r) => !edited.has(r.companion.uri)), ...added].sort(byPlace);
  const out = members.slice();
  for (const uri of edited) {
    const [from, to] = runOf(out, uri);
    if (to > from) out.splice(from, to - from);
  }
  for (const r of added) insertSorted(out, r, byPlace);
  return out;
}

/** Analyses of at most this many edited companions are taken for a user's edits, whose groups keep their index. */
const INTERACTIVE_EDITS = 4;
/** Groups that keep their index at once. */
const MAX_INDEXED = 8;

/** Notes that a quantity's group keeps its index, letting go of the least recently edited one's beyond MAX_INDEXED. */
function keepIndexOf(state: ScopeState, quantity: string): void {
  state.indexed.delete(quantity);
  state.indexed.add(quantity);
  for (const oldest of state.indexed) {
    if (state.indexed.size <= MAX_INDEXED) break;
    state.indexed.delete(oldest);
    const group = state.figures.get(oldest);
    if (group?.compared?.index) state.figures.set(oldest, { ...group, compared: { disagreements: group.compared.disagreements } });
  }
}

/**
 * Readies the large groups a companion's figures are compared in for its
 * edits: builds their index now (a few milliseconds each, sorting), so that
 * the first keystroke in one of its figures does not compare the whole
 * group afresh. For a companion just opened in an editor.
 */
export function readyForEdits(analysis: ScopeAnalysis, companionUri: string): void {
  const state = analysis.state;
  if (!state) return;
  for (const quantity of new Set(state.byCompanion.get(companionUri)?.figures.map((f) => f.quantity))) {
    const group = state.figures.get(quantity);
    const compared = group?.compared && indexed(group.members, group.compared);
    if (!group || !compared) continue;
    state.figures.set(quantity, { ...group, compared });
    keepIndexOf(state, quantity);
  }
}

/**
 * After figures' words changed but not what they say (readings.carryOver):
 * their groups' disagreements stand, so instead of comparing a group again,
 * the findings that quote those words (the figure's own, and those naming it
 * as an example) are made again in their places. Returns the companions
 * whose findings were.
 */
function findingsQuotingAgain(groups: ReadonlyMap<string, Group<FigureReading>>, rewritten: ReadonlySet<FigureReading>, dossier: Dossier | undefined): Set<string> {
  const changedUris = new Set<string>();
  const byQuantity = new Map<string, Set<FigureReading>>();
  for (const r of rewritten) (byQuantity.get(r.quantity) ?? byQuantity.set(r.quantity, new Set()).get(r.quantity)!).add(r);
  for (const [quantity, readings] of byQuantity) {
    const group = groups.get(quantity);
    if (!group?.compared) continue;
    const quoting = new Map<FigureReading, Disagreement>();
    for (const [reading, d] of group.compared.disagreements) {
      if (readings.has(reading) || d.conflict.some((r) => readings.has(r)) || d.contested.some((r) => readings.has(r))) quoting.set(reading, d);
    }
    // Each finding made again takes the place of the one it replaces (the same disagreements made
    // those), so the order is a full comparison's.
    const slot = (f: Finding) => `${f.annotation}\u0000${f.code}`;
    for (const [uri, made] of bucket(figureFindings(quoting, dossier))) {
      const fresh = new Map(made.map((f) => [slot(f), f]));
      group.findings.set(uri, (group.findings.get(uri) ?? []).map((f) => fresh.get(slot(f)) ?? f));
      changedUris.add(uri);
    }
  }
  return changedUris;
}

/**
 * A companion's findings from a group its edit did not change, placed on its
 * edited annotations: the same codes, messages and related places, each on
 * the annotation at the same position in the list.
 */
function placedAgain<R extends { readonly annotation: { readonly index: number } }>(
  found: readonly Finding[],
  readings: readonly R[],
  spanOf: (r: R) => Span | undefined,
): Finding[] {
  const byIndex = new Map<number, R>();
  for (const r of readings) byIndex.set(r.annotation.index, r);
  return found.map((f) => {
    const r = f.annotation === undefined ? undefined : byIndex.get(f.annotation);
    const span = r && spanOf(r);
    return span ? changed(f, { span }) : f;
  });
}

/** Whether a reading, before and after an edit of its companion, is shown at the same place: the same article range, or the same range of its companion. */
function sameShownPlace(
  a: { readonly anchor: AnchorResult; readonly companion: Companion; readonly annotation: FigureReading['annotation'] },
  aArticleLines: LineStarts | undefined,
  b: { readonly anchor: AnchorResult; readonly companion: Companion; readonly annotation: FigureReading['annotation'] },
  bArticleLines: LineStarts | undefined,
): boolean {
  if (a.anchor.span || b.anchor.span) return samePlace(a.anchor, aArticleLines, b.anchor, bArticleLines);
  const inCompanion = (r: typeof a) => rangeOf(r.companion.lineStarts, r.annotation.fields.text?.node ?? r.annotation.span);
  return sameRange(inCompanion(a), inCompanion(b));
}

/** A read-only view of the state after one run. */
function view(state: ScopeState, scope: ScopeCompanions, changed: ReadonlySet<string>): ScopeAnalysis {
  const current = state.byCompanion;
  // Looked up in the group of the figure's quantity: a scope-wide copy cost two map
  // operations per reading of a group at each edit that regroups it (a thousand readings
  // at 10,000 pairs), and a map entry per disagreeing reading.
  const disagreementOf = (key: string): Disagreement | undefined => {
    const hash = key.lastIndexOf('#');
    const index = Number(key.slice(hash + 1));
    const figure = current.get(key.slice(0, hash))?.figures.find((f) => f.annotation.index === index);
    return figure && state.figures.get(figure.quantity)?.compared?.disagreements.get(figure);
  };
  let flat: ScopeReadings | undefined;
  const all = (): ScopeReadings => {
    if (!flat) {
      const figures: FigureReading[] = [];
      const quotes: QuoteReading[] = [];
      const claims: ClaimReading[] = [];
      for (const c of scope.all()) {
        const r = current.get(c.uri);
        if (!r) continue;
        for (const x of r.figures) figures.push(x);
        for (const x of r.quotes) quotes.push(x);
        for (const x of r.claims) claims.push(x);
      }
      flat = { figures, quotes, claims };
    }
    return flat;
  };
  return {
    findings: { get: (uri) => state.findingsOf(uri) },
    get readings() {
      return all();
    },
    counterparts: state.quotes,
    disagreements: { get: disagreementOf, has: (key) => disagreementOf(key) !== undefined },
    dossier: state.dossier,
    changed,
    state,
    quoteFamilies: () => state.quotes.families(),
    readingsIn: (uri) => current.get(uri) ?? EMPTY_READINGS,
    readingOf: (uri, index) => {
      const mine = current.get(uri);
      const match = (r: { readonly annotation: { readonly index: number } }) => r.annotation.index === index;
      return mine && (mine.figures.find(match) ?? mine.quotes.find(match) ?? mine.claims.find(match));
    },
    figuresOf: (quantity) => state.figures.get(quantity)?.members ?? [],
    claimsOf: (claim) => state.claims.get(claim)?.members ?? [],
    quotesBy: (speaker) => state.bySpeaker.get(speaker) ?? NO_QUOTES,
  };
}

/** The same findings: the same objects, or the same codes, places and messages (related places follow from them). */
function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const f = x[i];
    const g = y[i];
    if (f === g) continue;
    if (f.code !== g.code || f.message !== g.message || f.span.start !== g.span.start || f.span.end !== g.span.end || f.annotation !== g.annotation) return false;
    if (!sameRelated(f, g)) return false;
  }
  return true;
}

function sameRelated(f: Finding, g: Finding): boolean {
  const a = f.related ?? [];
  const b = g.related ?? [];
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].uri !== b[i].uri || a[i].span.start !== b[i].span.start || a[i].span.end !== b[i].span.end || a[i].message !== b[i].message) return false;
  }
  return true;
}
