/**
 * The corpus: every dossier, companion and article of a workspace, read into
 * plain data, with each annotation anchored in its article. It knows nothing
 * of LSP; the server, the CLI and the tests drive it through a Workspace.
 *
 * Updates are incremental: a changed article re-anchors only its own
 * companion; a changed companion re-reads only itself; a changed dossier
 * re-checks only the companions it governs. Diagnostics are computed on
 * demand and cached until something they depend on changes.
 */
import { DEFAULT_ANCHOR_OPTIONS, ORPHANED, anchorAll, anchorAllAgain, type Anchored } from './anchoring';
import type { Finding } from './diagnostics/finding';
import { companionFindings, fileFindings } from './diagnostics/collect';
import { EMPTY_SCOPE, analyzeScope, readyForEdits, type ScopeAnalysis, type ScopeCompanions } from './crossSource/analyze';
import {
  DEFAULT_SEVERITY,
  type AnchorResult,
  type Annotation,
  type Companion,
  type CoreDiagnostic,
  type DiagnosticCode,
  type FileProblem,
  type Dossier,
  type LineStarts,
  FIELDS_OF_SECTION,
  SECTIONS,
  keyValue,
  type Section,
  type Severity,
  type Span,
} from './model';
import { DEFAULT_MAX_ANNOTATIONS, parseCompanion } from './parse/companion';
import { parseDossier } from './parse/dossier';
import { decode, fingerprint, lineStarts, rangeOf, sameLines, touches, type Decoded } from './text';
import {
  DOSSIER_NAME,
  articleFor,
  basename,
  companionFor,
  dirname,
  isArticleCandidate,
  isCompanion,
  isDossier,
  isRelevantFile,
  type Workspace,
} from './workspace';

export interface CorpusOptions {
  /** Minimum similarity for an approximate (drifted) anchor, 0..1. */
  readonly anchorThreshold?: number;
  /** Severity per diagnostic code; 'off' hides a code. */
  readonly severity?: Partial<Record<DiagnosticCode, Severity | 'off'>>;
  /** Files larger than this (bytes) are not read. */
  readonly maxFileBytes?: number;
  readonly maxAnnotationsPerFile?: number;
  /** At most this many articles are indexed. */
  readonly maxFiles?: number;
  /** Similarity two quotes without a shared key need to be compared (0..1). */
  readonly quoteMatchThreshold?: number;
}

/**
 * Which article texts the corpus keeps once their annotations are anchored.
 * `all` (the default): every one. `open`: those given through `updateText`
 * (open buffers), and those whose companion was; the others are let go and
 * read again when a change needs them (a sixth of the heap at 1,000
 * pairs). Everything the corpus reports is the same either way; only a
 * feature that reads a closed article's words (annotating every mention in
 * a dossier) must ask for them first (`withArticleTexts`).
 */
export type ArticleTexts = 'all' | 'open';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 50_000;

/** The limits and the anchor threshold as they apply: an option left out is its default. */
export function effectiveLimits(o: CorpusOptions): { maxFileBytes: number; maxAnnotationsPerFile: number; maxFiles: number; anchorThreshold: number } {
  return {
    maxFileBytes: o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    maxAnnotationsPerFile: o.maxAnnotationsPerFile ?? DEFAULT_MAX_ANNOTATIONS,
    maxFiles: o.maxFiles ?? DEFAULT_MAX_FILES,
    anchorThreshold: o.anchorThreshold ?? DEFAULT_ANCHOR_OPTIONS.threshold,
  };
}
/** Files read ahead while indexing (companions, and as many articles). */
const READ_AHEAD = 16;

/** An article as the corpus holds it. */
export interface ArticleEntry {
  readonly uri: string;
  /** The decoded text (BOM dropped); undefined when missing, unreadable or let go (`released`). */
  readonly text?: string;
  readonly lineStarts: LineStarts;
  /** Why the file cannot be used, when it exists but is not usable text. */
  readonly unreadable?: string;
  /** The text was read and anchored, then let go to save memory (see ArticleTexts). */
  readonly released?: true;
}

/** Whether an article was read as text (held now or let go). */
export function articleReadable(entry: ArticleEntry | undefined): boolean {
  return entry !== undefined && (entry.text !== undefined || entry.released === true);
}

/**
 * A use in `KeysUsed.at`: an annotation's index, and in the low bits which of
 * its section's fields (FIELDS_OF_SECTION) name the key, bit b for field b.
 * Kept so that references need not read each annotation's fields to find out.
 */
const USE_FIELD_BITS = Math.max(...SECTIONS.map((s) => FIELDS_OF_SECTION[s].length)); // 3: entity, speaker, claimant
export function usedAnnotation(use: number): number {
  return use >>> USE_FIELD_BITS;
}
export function usedFields(use: number): number {
  return use & ((1 << USE_FIELD_BITS) - 1);
}

/**
 * The dossier keys a companion's annotations name (`section key`), and which
 * annotations: those of `keys[j]` are `at.slice(at[j], at[j + 1])`, each a
 * use (see `usedAnnotation`, `usedFields`).
 */
interface KeysUsed {
  readonly companion: Companion;
  readonly keys: readonly string[];
  readonly at: readonly number[];
  /** The companion's outlet (its file name without one), as counted in keyTotals. */
  readonly outlet: string;
  /**
   * The companion's scope and rank (fileRanks) as of the corpus's
   * generations of each (`scopeGeneration`, `rankGeneration`): looked up
   * once, not at every use of a key (a popular key has thousands of users).
   */
  scope: string;
  scopeOf: number;
  rank: number;
  rankOf: number;
}

interface KeyCounts {
  sources: number;
  annotations: number;
  /** How many of those sources each outlet has. */
  readonly outlets: Map<string, number>;
}

/** One annotation with where it sits in its article. */
export interface AnchoredAnnotation {
  readonly companion: Companion;
  readonly annotation: Annotation;
  readonly anchor: AnchorResult;
}

export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

/** How many companions' last anchoring is kept for their next edit (see anchorAllAgain). */
const KEEP_ANCHORED = 8;

export class Corpus {
  private readonly dossiers = new Map<string, Dossier>();
  private readonly companions = new Map<string, Companion>();
  private readonly articles = new Map<string, ArticleEntry>();
  /** Anchors per companion URI, by annotation position in `annotations`. */
  private readonly anchors = new Map<string, AnchorResult[]>();
  /** The last anchoring of the companions re-anchored most recently outside an index (at most KEEP_ANCHORED). */
  private readonly lastAnchored = new Map<string, Anchored>();
  /** Every relevant file URI known to exist. */
  private readonly known = new Set<string>();
  /** Findings of each companion about itself (parse, schema, keys, anchors), cached until it or its article changes. */
  private readonly local = new Map<string, Finding[]>();
  /** Cross-source analysis per scope (dossier URI, or '' for companions without one); undefined when stale. */
  private readonly scopes = new Map<string, ScopeAnalysis | undefined>();
  /** Set when `scopes` was emptied: every scope is stale, not only those held as undefined. */
  private everyScopeStale = true;
  /** Files whose diagnostics may have changed since the last `takeDirty()`. */
  private readonly dirty = new Set<string>();
  /** The last analysis of each scope, to tell which files' findings changed. */
  private readonly previousScopes = new Map<string, ScopeAnalysis>();
  /** Per scope key, the companions invalidated since its last analysis; none recorded: the next one looks at every companion. */
  private readonly touched = new Map<string, Set<string>>();
  /** Full index passes under way. */
  private indexing = 0;
  /** The scope of each file, until a dossier changes. */
  private readonly scopeKeys = new Map<string, string>();
  /**
   * Companions by each dossier key their annotations name (`section key`),
   * each with where that key sits in the companion's own list (`keysUsed`),
   * and each companion's keys with the annotations (indexes) naming them.
   */
  private readonly keyUsers = new Map<string, Map<KeysUsed, number>>();
  /** Bumped when scopes or file ranks may have changed (see KeysUsed). */
  private scopeGeneration = 0;
  private rankGeneration = 0;
  private readonly keysUsed = new Map<string, KeysUsed>();
  /**
   * Per key (`section key`) and scope, how many companions name it, in how
   * many annotations and from which outlets, kept up to date as companions
   * change, and counted afresh when the scopes change (see recountKeys).
   */
  private keyTotals = new Map<string, Map<string, KeyCounts>>();
  /** Monotonic counter per URI so a slow read never overwrites a newer one. */
  private readonly versions = new Map<string, number>();
  private generation = 0;
  private options: CorpusOptions;
  /** Set when the size limit changed: the next full index reads the articles already held again. */
  private rereadArticles = false;

  constructor(
    private readonly workspace: Workspace,
    options: CorpusOptions = {},
    /** Which article texts are kept (see ArticleTexts); fixed for the corpus's life. */
    private readonly articleTexts: ArticleTexts = 'all',
  ) {
    this.options = options;
  }

  /** A number that changes whenever anything in the corpus changes. */
  get version(): number {
    return this.generation;
  }

  /** Files larger than this (bytes) are not read, by the corpus or by anything reading on its behalf. */
  get maxFileBytes(): number {
    return this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /**
   * New options apply at once to everything computed from the files. The
   * limits apply as files are read: after a change to them, run `indexAll`
   * to read the workspace again (it then re-reads held articles too). So
   * does a new anchor threshold where article texts were let go (`open`):
   * those articles are anchored anew by the next `indexAll`.
   */
  setOptions(options: CorpusOptions): void {
    // Compared as they apply: an editor spells out every default (VS Code sends each setting's declared
    // default), and taking those for changes made every cold index read and anchor its articles twice.
    const next = effectiveLimits(options);
    const now = effectiveLimits(this.options);
    const reanchor = next.anchorThreshold !== now.anchorThreshold;
    if (next.maxFileBytes !== now.maxFileBytes) this.rereadArticles = true;
    // Companions are parsed with a limit: the same text may now read differently.
    if (next.maxAnnotationsPerFile !== now.maxAnnotationsPerFile) this.fingerprints.clear();
    this.options = options;
    if (reanchor) {
      for (const c of this.companions.values()) {
        // A text let go is anchored again by the next indexAll, which reads the articles again.
        if (this.articles.get(c.articleUri)?.released) this.rereadArticles = true;
        else this.reanchor(c.uri);
      }
    }
    this.invalidateEverything();
  }

  // -------------------------------------------------------------------------
  // Loading

  /** Reads every relevant file of the workspace. Safe to call again to rescan. */
  async indexAll(onProgress?: (p: IndexProgress) => void, isCancelled?: () => boolean): Promise<void> {
    // Cross-source findings wait for the whole scope: comparing a half-read
    // dossier would show findings that vanish a moment later.
    this.indexing++;
    try {
      await this.indexFiles(onProgress, isCancelled);
    } finally {
      if (--this.indexing === 0) {
        this.dropScopes();
        this.touched.clear();
        this.dirty.add('*');
      }
    }
  }

  /** True while a full index is under way. */
  get isIndexing(): boolean {
    return this.indexing > 0;
  }

  /**
   * Makes sure one file, and what its diagnostics and features need (its
   * companion or article), is loaded, ahead of a full index still under way.
   */
  async ensure(uri: string): Promise<void> {
    if (isCompanion(uri)) {
      if (!this.companions.has(uri)) await this.refresh(uri);
    } else if (isArticleCandidate(uri)) {
      const companion = companionFor(uri);
      if (!this.companions.has(companion) && !this.versions.has(companion)) await this.refresh(companion);
      if (!this.articles.has(uri) && this.isIndexedArticle(uri)) await this.refresh(uri);
    } else if (isDossier(uri) && !this.dossiers.has(uri)) {
      await this.refresh(uri);
    }
  }

  private async indexFiles(onProgress?: (p: IndexProgress) => void, isCancelled?: () => boolean): Promise<void> {
    let uris: readonly string[];
    try {
      uris = await this.workspace.listFiles();
    } catch {
      uris = [];
    }
    const relevant = uris.filter(isRelevantFile);
    for (const uri of relevant) this.known.add(uri);
    // Dossiers first (they decide which articles count), then companions, then articles.
    const dossiers = relevant.filter(isDossier);
    const companions = relevant.filter(isCompanion);
    const total = dossiers.length + companions.length;
    let done = 0;
    const step = async (uri: string) => {
      if (isCancelled?.()) return;
      await this.refreshFile(uri);
      // A companion's own findings depend on it, its article and its dossier
      // (read first): check it now, while the index waits for the next reads.
      const companion = this.companions.get(uri);
      if (companion) this.localFindings(companion);
      done++;
      if (onProgress && (done % 50 === 0 || done === total)) onProgress({ done, total });
    };
    for (const uri of dossiers) await step(uri);
    // Companions are applied one at a time, in order (deterministic), while the
    // next ones and their articles are already being read.
    for (let i = 0; i < companions.length; i++) {
      for (const next of companions.slice(i + 1, i + 1 + READ_AHEAD)) {
        this.prefetch(next);
        this.prefetch(articleFor(next));
      }
      await step(companions[i]);
    }
    this.prefetched.clear();
    // Articles read under another size limit (a companion's refresh keeps its article).
    if (this.rereadArticles) {
      this.rereadArticles = false;
      for (const uri of [...this.articles.keys()]) {
        if (isCancelled?.()) return;
        await this.refresh(uri);
      }
    }
    // Articles that sit under a dossier but have no companion are indexed too.
    const maxFiles = this.options.maxFiles ?? DEFAULT_MAX_FILES;
    for (const uri of relevant) {
      if (this.articles.size >= maxFiles) break;
      if (isArticleCandidate(uri) && !this.articles.has(uri) && this.isIndexedArticle(uri)) {
        await this.loadArticle(uri);
        this.release(uri);
      }
    }
  }

  /**
   * Re-reads one file after it was created, changed (on disk or in a buffer)
   * or deleted, and updates what depends on it.
   */
  async refresh(uri: string): Promise<void> {
    // A read started ahead by the index may predate the change this refresh is for.
    this.dropPrefetched(uri);
    return this.refreshFile(uri);
  }

  /** Files whose current text came through updateText (open buffers), until read from disk again. */
  private readonly buffers = new Set<string>();

  private async refreshFile(uri: string): Promise<void> {
    if (!isRelevantFile(uri)) return;
    this.buffers.delete(uri);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const content = await this.read(uri);
    if (this.versions.get(uri) !== version) return; // a newer refresh is under way
    if (content === undefined) {
      this.forget(uri);
      return;
    }
    // A new companion's article is read first, so that no one sees the
    // companion for a moment without its article (companion-without-article).
    const article = isCompanion(uri) ? articleFor(uri) : undefined;
    if (article && !this.articles.has(article)) {
      const text = await this.read(article);
      if (this.versions.get(uri) !== version) return;
      if (text !== undefined && !this.articles.has(article)) {
        this.known.add(article);
        this.setArticle(article, decodeContent(text));
        // Anchored without its article before: the same text must be anchored again.
        this.fingerprints.delete(uri);
      }
    }
    this.apply(uri, content);
    await this.ensureArticle(uri);
    // Read from disk: no buffer needs this article's text any more.
    if (this.versions.get(uri) === version) this.release(isCompanion(uri) ? articleFor(uri) : uri);
  }

  /**
   * Applies a file's current text directly (an open buffer's change): the
   * corpus is updated before this returns; the promise settles once a
   * companion's article, if it was not loaded yet, has been read.
   */
  updateText(uri: string, text: string): Promise<void> {
    if (!isRelevantFile(uri)) return Promise.resolve();
    this.dropPrefetched(uri);
    this.versions.set(uri, (this.versions.get(uri) ?? 0) + 1);
    this.buffers.add(uri);
    this.apply(uri, text);
    return this.ensureArticle(uri);
  }

  /**
   * For a companion whose article is not loaded yet, or whose article's text
   * was let go while it is needed (the companion is open, or changed and must
   * be anchored again): read it, then anchor.
   */
  private async ensureArticle(uri: string): Promise<void> {
    const companion = isCompanion(uri) ? this.companions.get(uri) : undefined;
    if (!companion) return;
    const article = this.articles.get(companion.articleUri);
    if (article && !(article.released && (this.unanchored.has(uri) || this.needsText(article.uri)))) return;
    // Until the article is read the companion would say it has none: its diagnostics wait (see takeDirty).
    this.awaitingArticle.set(uri, (this.awaitingArticle.get(uri) ?? 0) + 1);
    try {
      await this.loadArticle(companion.articleUri);
    } finally {
      const n = (this.awaitingArticle.get(uri) ?? 1) - 1;
      if (n > 0) this.awaitingArticle.set(uri, n);
      else this.awaitingArticle.delete(uri);
    }
    if (this.companions.get(uri) !== companion) return;
    this.invalidateCompanion(uri);
    this.reanchor(uri);
  }

  /** Companions anchored without their article's text, which had been let go (see ensureArticle). */
  private readonly unanchored = new Set<string>();

  /** Whether an article's text must be kept: all are, unless only open ones are (see ArticleTexts). */
  private needsText(articleUri: string): boolean {
    return this.articleTexts === 'all' || this.buffers.has(articleUri) || this.buffers.has(companionFor(articleUri));
  }

  /** Lets an article's text go when nothing needs it (its anchors, line starts and findings stay). */
  private release(articleUri: string): void {
    const entry = this.articles.get(articleUri);
    if (entry?.text === undefined || this.needsText(articleUri)) return;
    this.articles.set(articleUri, { uri: articleUri, lineStarts: entry.lineStarts, released: true });
  }

  /**
   * Runs `use` with the texts of the articles `wanted` picks read back where
   * they were let go (see ArticleTexts), then lets them go again. For a
   * feature that reads closed articles' words; articles that changed on disk
   * since they were anchored are left out (the file watcher brings them).
   */
  async withArticleTexts<T>(wanted: (articleUri: string) => boolean, use: () => T): Promise<T> {
    const read: string[] = [];
    for (const [uri, entry] of [...this.articles]) {
      if (entry.released && wanted(uri) && (await this.readBack(uri))) read.push(uri);
    }
    try {
      return use();
    } finally {
      for (const uri of read) this.release(uri);
    }
  }

  /**
   * Reads back the text of the article a request on `uri` reads (the
   * article itself, or a companion's), where it was let go: an editor asks
   * about open files, whose texts are kept, but another client may ask about
   * any. It is let go again at the next change that anchors the article.
   */
  async holdText(uri: string): Promise<void> {
    const articleUri = isCompanion(uri) ? articleFor(uri) : uri;
    if (this.articles.get(articleUri)?.released) await this.readBack(articleUri);
  }

  /** Puts a let-go article text back, if the file still reads as what was anchored (same line starts). */
  private async readBack(uri: string): Promise<boolean> {
    const content = await this.read(uri);
    const current = this.articles.get(uri);
    if (content === undefined || !current?.released) return false;
    const decoded = decodeContent(content);
    if (!decoded.ok) return false;
    if (!sameLines(lineStarts(decoded.text), current.lineStarts)) return false;
    this.articles.set(uri, { uri, text: decoded.text, lineStarts: current.lineStarts });
    return true;
  }

  /** The file was deleted. */
  forget(uri: string): void {
    this.dropPrefetched(uri);
    this.buffers.delete(uri);
    this.unanchored.delete(uri);
    this.known.delete(uri);
    this.fingerprints.delete(uri);
    this.versions.set(uri, (this.versions.get(uri) ?? 0) + 1);
    if (isDossier(uri)) {
      if (this.dossiers.delete(uri)) this.invalidateEverything();
    } else if (isCompanion(uri)) {
      if (!this.companions.has(uri)) return;
      this.invalidateCompanion(uri);
      this.companions.delete(uri);
      this.indexKeys(uri, undefined);
      this.anchors.delete(uri);
      this.lastAnchored.delete(uri);
      const article = articleFor(uri);
      if (!this.isIndexedArticle(article)) this.articles.delete(article);
    } else if (isArticleCandidate(uri)) {
      if (this.articles.delete(uri)) {
        const companion = companionFor(uri);
        this.invalidateCompanion(companion);
        if (this.companions.has(companion)) this.reanchor(companion);
      }
    }
    this.generation++;
  }

  /** Reads started ahead of their turn during indexing, by URI; each is taken once. */
  private readonly prefetched = new Map<string, Promise<string | Uint8Array | undefined>>();
  /** Companions whose article is being read for them (by how many reads), see ensureArticle. */
  private readonly awaitingArticle = new Map<string, number>();
  /** What text each dossier and companion was last read from (see `holds`). */
  private readonly fingerprints = new Map<string, number>();

  private prefetch(uri: string): void {
    if (!this.prefetched.has(uri) && !this.articles.has(uri)) this.prefetched.set(uri, this.readNow(uri));
  }

  /** Forgets what was read ahead for a file that changed, and for its article. */
  private dropPrefetched(uri: string): void {
    this.prefetched.delete(uri);
    if (isCompanion(uri)) this.prefetched.delete(articleFor(uri));
  }

  private read(uri: string): Promise<string | Uint8Array | undefined> {
    const ahead = this.prefetched.get(uri);
    if (ahead) {
      this.prefetched.delete(uri);
      return ahead;
    }
    return this.readNow(uri);
  }

  private async readNow(uri: string): Promise<string | Uint8Array | undefined> {
    try {
      const max = this.maxFileBytes;
      const size = await this.workspace.fileSize?.(uri);
      if (size !== undefined && size > max) return new TooLarge(size, max).marker;
      return await this.workspace.readFile(uri);
    } catch {
      return undefined;
    }
  }

  private apply(uri: string, content: string | Uint8Array): void {
    this.known.add(uri);
    const decoded = decodeContent(content);
    const print = decoded.ok && (isDossier(uri) || isCompanion(uri)) ? fingerprint(decoded.text) : undefined;
    // Opening or closing an editor on a file gives the text already read:
    // nothing to do (for a dossier, re-checking the whole scope).
    if (decoded.ok && this.holds(uri, decoded.text, print)) return;
    if (print === undefined) this.fingerprints.delete(uri);
    else this.fingerprints.set(uri, print);
    this.generation++;
    if (isDossier(uri)) {
      const dossier = parseDossier(uri, decoded.ok ? decoded.text : '');
      this.noteFile(this.dossiers, uri);
      this.dossiers.set(uri, decoded.ok ? dossier : { ...dossier, problems: [unreadable(content, decoded.reason)], hasSyntaxError: true });
      // Keys, scopes and which articles count may all change.
      this.invalidateEverything();
      return;
    }
    if (isCompanion(uri)) {
      const parsed = parseCompanion(uri, decoded.ok ? decoded.text : '', {
        maxAnnotations: this.options.maxAnnotationsPerFile ?? DEFAULT_MAX_ANNOTATIONS,
      });
      // A file that could not be read is said so, not checked as an empty companion.
      const companion = decoded.ok ? parsed : { ...parsed, problems: [unreadable(content, decoded.reason)], hasSyntaxError: true };
      this.invalidateCompanion(uri);
      this.noteFile(this.companions, uri);
      this.companions.set(uri, companion);
      this.indexKeys(uri, companion);
      // Anchored now if the article is loaded; else once it is (see ensureArticle).
      this.reanchor(uri);
      return;
    }
    if (isArticleCandidate(uri)) {
      if (!this.isIndexedArticle(uri)) return;
      this.setArticle(uri, decoded);
      const companion = companionFor(uri);
      this.invalidateCompanion(companion);
      if (this.companions.has(companion)) this.reanchor(companion);
    }
  }

  private async loadArticle(uri: string): Promise<void> {
    const content = await this.read(uri);
    if (content === undefined) {
      this.articles.delete(uri);
      this.known.delete(uri);
    } else {
      this.known.add(uri);
      this.setArticle(uri, decodeContent(content));
    }
    this.generation++;
  }

  /**
   * True when the corpus already holds exactly this text for the file:
   * articles keep their text; dossiers and companions only the fingerprint
   * (`print`) of the text they were read from.
   */
  private holds(uri: string, text: string, print: number | undefined): boolean {
    if (print !== undefined) return this.fingerprints.get(uri) === print && (this.dossiers.has(uri) || this.companions.has(uri));
    return this.articles.get(uri)?.text === text;
  }

  private setArticle(uri: string, decoded: Decoded): void {
    this.noteFile(this.articles, uri);
    if (decoded.ok) {
      this.articles.set(uri, { uri, text: decoded.text, lineStarts: lineStarts(decoded.text) });
    } else {
      this.articles.set(uri, { uri, lineStarts: [0], unreadable: decoded.reason });
    }
  }

  private reanchor(companionUri: string): void {
    const companion = this.companions.get(companionUri);
    if (!companion) return;
    const article = this.articles.get(companion.articleUri);
    const text = article?.text;
    const options = { threshold: this.options.anchorThreshold ?? DEFAULT_ANCHOR_OPTIONS.threshold };
    let results: AnchorResult[];
    this.unanchored.delete(companionUri);
    if (text === undefined) {
      // A text let go is read back at once (ensureArticle follows every change); meanwhile the diagnostics wait.
      if (article?.released) this.unanchored.add(companionUri);
      results = companion.annotations.map(() => ORPHANED);
    } else {
      const queries = companion.annotations.map((a) => ({ text: a.text ?? '', prefix: a.prefix, suffix: a.suffix, start: a.start }));
      try {
        if (this.indexing) {
          results = anchorAll(text, queries, options);
        } else {
          // Outside an index, a companion re-anchored is usually being edited: the next time, most queries are the same.
          const again = anchorAllAgain(text, queries, options, this.lastAnchored.get(companionUri));
          results = again.results;
          this.lastAnchored.delete(companionUri);
          this.lastAnchored.set(companionUri, again.anchored);
          if (this.lastAnchored.size > KEEP_ANCHORED) this.lastAnchored.delete(this.lastAnchored.keys().next().value!);
        }
      } catch {
        results = companion.annotations.map(() => ORPHANED);
      }
    }
    this.anchors.set(companionUri, results);
    this.generation++;
    this.release(companion.articleUri);
  }

  /** A companion or its article changed: its own findings, its files and its scope are stale. */
  private invalidateCompanion(companionUri: string): void {
    this.local.delete(companionUri);
    this.dirty.add(companionUri);
    this.dirty.add(articleFor(companionUri));
    const key = this.scopeKey(companionUri);
    this.scopes.set(key, undefined);
    this.touched.get(key)?.add(companionUri);
  }

  /** Every scope must be analysed again (see takeDirty). */
  private dropScopes(): void {
    this.scopes.clear();
    this.everyScopeStale = true;
  }

  /** Everything may have changed (a dossier, the options). */
  private invalidateEverything(): void {
    this.scopeKeys.clear();
    this.scopeGeneration++;
    this.recountKeys();
    this.local.clear();
    this.dropScopes();
    this.touched.clear();
    for (const uri of this.filesWithDiagnostics()) this.dirty.add(uri);
    this.dirty.add('*');
  }

  // -------------------------------------------------------------------------
  // Queries

  /** True when the article has a companion or sits at or below a dossier. */
  isIndexedArticle(uri: string): boolean {
    if (!isArticleCandidate(uri)) return false;
    return this.companions.has(companionFor(uri)) || this.dossierFor(uri) !== undefined;
  }

  /** The nearest dossier at or above a file's folder. */
  dossierFor(uri: string): Dossier | undefined {
    let folder = dirname(uri);
    while (folder) {
      const d = this.dossiers.get(folder + DOSSIER_NAME);
      if (d) return d;
      const parent = dirname(folder.slice(0, -1));
      if (parent === folder || !parent) break;
      folder = parent;
    }
    return undefined;
  }

  getDossier(uri: string): Dossier | undefined {
    return this.dossiers.get(uri);
  }
  getCompanion(uri: string): Companion | undefined {
    return this.companions.get(uri);
  }
  getArticle(uri: string): ArticleEntry | undefined {
    return this.articles.get(uri);
  }
  /** Whether a file is known to exist (read or listed). */
  exists(uri: string): boolean {
    return this.known.has(uri) || this.articles.has(uri) || this.companions.has(uri) || this.dossiers.has(uri);
  }

  allDossiers(): Dossier[] {
    return [...this.dossiers.values()];
  }
  allCompanions(): Companion[] {
    return [...this.companions.values()];
  }
  allArticles(): ArticleEntry[] {
    return [...this.articles.values()];
  }

  anchorsOf(companionUri: string): readonly AnchorResult[] {
    return this.anchors.get(companionUri) ?? [];
  }

  /** Every annotation of a companion with its anchor. */
  annotationsOf(companionUri: string): AnchoredAnnotation[] {
    const companion = this.companions.get(companionUri);
    if (!companion) return [];
    const anchors = this.anchors.get(companionUri) ?? [];
    return companion.annotations.map((annotation, i) => ({
      companion,
      annotation,
      anchor: anchors[i] ?? ORPHANED,
    }));
  }

  /**
   * The companions that share a scope with the given file: those governed by
   * the same nearest dossier, or, where no dossier governs, every companion
   * without one (free-form keys still link sources together).
   */
  scopeOf(uri: string): Companion[] {
    return this.companionsIn(this.scopeKey(uri));
  }

  /** The companions of one scope (see scopeKey). */
  private companionsIn(key: string): Companion[] {
    return this.allCompanions().filter((c) => this.scopeKey(c.uri) === key);
  }

  private indexKeys(uri: string, companion: Companion | undefined): void {
    this.countKeys(uri, -1);
    const old = this.keysUsed.get(uri);
    for (const k of old?.keys ?? []) this.keyUsers.get(k)?.delete(old!);
    if (!companion) {
      this.keysUsed.delete(uri);
      return;
    }
    const keys = new Map<string, number[]>();
    companion.annotations.forEach((a, i) => {
      for (const section of SECTIONS) {
        const fields = FIELDS_OF_SECTION[section];
        for (let b = 0; b < fields.length; b++) {
          const value = keyValue(a, fields[b]!);
          if (value === undefined) continue;
          const k = `${section} ${value}`;
          const at = keys.get(k);
          const bit = 1 << b;
          if (!at) keys.set(k, [(i << USE_FIELD_BITS) | bit]);
          else if (usedAnnotation(at[at.length - 1]!) === i) at[at.length - 1]! |= bit;
          else at.push((i << USE_FIELD_BITS) | bit);
        }
      }
    });
    // Kept flat: a map and an array per key cost some 3.5 MB at 1,000 pairs.
    const lists = [...keys.values()];
    const at: number[] = [];
    let end = lists.length + 1;
    for (const list of lists) {
      at.push(end);
      end += list.length;
    }
    at.push(end);
    for (const list of lists) for (const i of list) at.push(i);
    const used: KeysUsed = {
      companion,
      keys: [...keys.keys()],
      at,
      outlet: companion.source.outlet ?? basename(uri),
      scope: '',
      scopeOf: -1,
      rank: 0,
      rankOf: -1,
    };
    this.keysUsed.set(uri, used);
    let j = 0;
    for (const k of keys.keys()) {
      const users = this.keyUsers.get(k);
      if (users) users.set(used, j++);
      else this.keyUsers.set(k, new Map([[used, j++]]));
    }
    this.countKeys(uri, 1);
  }

  /** Adds (1) or takes away (-1) a companion's keys in keyTotals, in its scope. */
  private countKeys(uri: string, sign: 1 | -1): void {
    const totals = this.keyTotals;
    const used = this.keysUsed.get(uri);
    if (!used) return;
    const scope = this.scopeKey(uri);
    for (let j = 0; j < used.keys.length; j++) {
      const k = used.keys[j]!;
      let byScope = totals.get(k);
      if (!byScope) totals.set(k, (byScope = new Map()));
      const counts = byScope.get(scope) ?? { sources: 0, annotations: 0, outlets: new Map<string, number>() };
      counts.sources += sign;
      counts.annotations += sign * (used.at[j + 1]! - used.at[j]!);
      const n = (counts.outlets.get(used.outlet) ?? 0) + sign;
      if (n > 0) counts.outlets.set(used.outlet, n);
      else counts.outlets.delete(used.outlet);
      if (counts.sources > 0) byScope.set(scope, counts);
      else byScope.delete(scope);
    }
  }

  /**
   * The companions in the scope of `uri` whose annotations name a key of a
   * section through a reference field, in order of URI: `visit` gets each
   * with the uses of those annotations (`usedAnnotation`, `usedFields`), in
   * order, as `at.slice(from, to)` (not copied: a popular key has thousands
   * of users).
   */
  forEachKeyUser(uri: string, section: Section, key: string, visit: (companion: Companion, at: readonly number[], from: number, to: number) => void): void {
    const users = this.keyUsers.get(`${section} ${key}`);
    if (!users) return;
    const scope = this.scopeKey(uri);
    const ranks = this.fileRanks();
    const found: KeysUsed[] = [];
    let sorted = true;
    for (const used of users.keys()) {
      if (used.scopeOf !== this.scopeGeneration) {
        used.scope = this.scopeKey(used.companion.uri);
        used.scopeOf = this.scopeGeneration;
      }
      if (used.scope !== scope) continue;
      if (used.rankOf !== this.rankGeneration) {
        used.rank = ranks.get(used.companion.uri)!;
        used.rankOf = this.rankGeneration;
      }
      if (found.length && found[found.length - 1]!.rank > used.rank) sorted = false;
      found.push(used);
    }
    // Users come in the order they were indexed, mostly that of their URIs already.
    if (!sorted) found.sort((a, b) => a.rank - b.rank);
    for (const used of found) {
      const j = users.get(used)!;
      visit(used.companion, used.at, used.at[j]!, used.at[j + 1]!);
    }
  }

  /** How many companions in the scope of `uri` name a key, and how many of their annotations do (forEachKeyUser, counted). */
  keyUseCounts(uri: string, section: Section, key: string): { sources: number; annotations: number } {
    const counts = this.keyCounts(uri, section, key);
    return { sources: counts?.sources ?? 0, annotations: counts?.annotations ?? 0 };
  }

  /** The outlets of the companions in the scope of `uri` that name a key (forEachKeyUser's outlets), in no particular order. */
  keyOutlets(uri: string, section: Section, key: string): string[] {
    return [...(this.keyCounts(uri, section, key)?.outlets.keys() ?? [])];
  }

  private keyCounts(uri: string, section: Section, key: string): KeyCounts | undefined {
    // Counting at each hover walked every user of the key: 3-7 ms for a popular one at 10,000 pairs.
    return this.keyTotals.get(`${section} ${key}`)?.get(this.scopeKey(uri));
  }

  /**
   * Counts every companion's keys again, under the scopes as they are now.
   * Done when they change, not at the next hover: at 10,000 pairs it takes
   * some 100 ms, which the first hover after an index paid when it was lazy.
   */
  private recountKeys(): void {
    this.keyTotals = new Map();
    for (const c of this.keysUsed.keys()) if (this.companions.has(c)) this.countKeys(c, 1);
  }

  /** Every file held, ranked in order of URI (see fileRanks); dropped when a file comes. */
  private fileOrder: Map<string, number> | undefined;

  /** A file is about to be put in one of the corpus's maps: a new one is not ranked yet. */
  private noteFile(files: ReadonlyMap<string, unknown>, uri: string): void {
    if (this.fileOrder && !files.has(uri)) this.fileOrder = undefined;
  }

  /**
   * Each dossier, companion and article held, by its place in the order of
   * URIs: for sorting thousands of places by number rather than by comparing
   * long URIs that differ near their end. Ranked again after files come
   * (at 10,000 pairs, some 30 ms at the next request that sorts); a file
   * that went keeps its rank, which orders the others no differently.
   */
  fileRanks(): ReadonlyMap<string, number> {
    if (!this.fileOrder) {
      const uris = [...this.dossiers.keys(), ...this.companions.keys(), ...this.articles.keys()].sort();
      this.fileOrder = new Map();
      this.rankGeneration++;
      for (let i = 0; i < uris.length; i++) this.fileOrder.set(uris[i]!, i);
    }
    return this.fileOrder;
  }

  /** The annotation of an article or companion at an offset, if any. */
  annotationAt(uri: string, offset: number): AnchoredAnnotation | undefined {
    if (isCompanion(uri)) {
      return this.annotationsOf(uri).find((a) => touches(a.annotation.span, offset));
    }
    if (isArticleCandidate(uri)) {
      let best: AnchoredAnnotation | undefined;
      for (const a of this.annotationsOf(companionFor(uri))) {
        const s = a.anchor.span;
        if (s && touches(s, offset) && (!best || s.end - s.start < spanLength(best.anchor.span))) best = a;
      }
      return best;
    }
    return undefined;
  }

  lineStartsOf(uri: string): LineStarts | undefined {
    // Looked up where the file's name says it is: diagnostics ask for every related place, most of them
    // in articles, which were found only after two lookups that missed.
    if (isCompanion(uri)) return this.companions.get(uri)?.lineStarts;
    return this.articles.get(uri)?.lineStarts ?? this.dossiers.get(uri)?.lineStarts;
  }

  // -------------------------------------------------------------------------
  // Diagnostics

  /** Every file that currently has something to report, or had. */
  filesWithDiagnostics(): string[] {
    const out = new Set<string>([...this.dossiers.keys(), ...this.companions.keys()]);
    for (const c of this.companions.values()) if (this.articles.has(c.articleUri)) out.add(c.articleUri);
    return [...out];
  }

  /**
   * The files whose diagnostics may have changed since the last call (files
   * that were deleted included), for publishing only what changed.
   */
  takeDirty(): string[] {
    // Bring every stale scope up to date first: that marks the files whose cross-source findings changed.
    if (!this.indexing) {
      if (this.everyScopeStale) {
        this.everyScopeStale = false;
        const keys = new Set<string>();
        for (const uri of this.companions.keys()) keys.add(this.scopeKey(uri));
        for (const key of keys) if (!this.scopes.get(key)) this.scope(key);
      } else {
        // Only an edit's scopes: looking at every companion would cost a pass ~1.5 ms at 10,000 of them.
        for (const [key, analysis] of this.scopes) if (!analysis) this.scope(key);
      }
    }
    const all = this.dirty.has('*');
    const out = all ? new Set([...this.dirty, ...this.filesWithDiagnostics()]) : new Set(this.dirty);
    out.delete('*');
    this.dirty.clear();
    // A companion whose article is being read stays due: published now, it would flash companion-without-article.
    for (const uri of this.awaitingArticle.keys()) {
      for (const waiting of [uri, articleFor(uri)]) {
        if (out.delete(waiting)) this.dirty.add(waiting);
      }
    }
    return [...out];
  }

  /** The findings of a companion about itself, cached. */
  localFindings(companion: Companion): Finding[] {
    let found = this.local.get(companion.uri);
    if (!found) {
      found = companionFindings(this, companion);
      this.local.set(companion.uri, found);
    }
    return found;
  }

  /**
   * A companion opened in an editor is likely to be edited: readies what its
   * edits will need (see analyze.readyForEdits). Its scope is analysed first
   * if an edit left it stale (the files that changes are marked dirty, as at
   * the next takeDirty). Nothing while the index runs.
   */
  readyForEdits(uri: string): void {
    if (this.indexing || !this.companions.has(uri)) return;
    readyForEdits(this.scopeAnalysis(uri), uri);
  }

  /** Scope key of a file: the URI of its dossier, or '' where none governs. */
  scopeKey(uri: string): string {
    let key = this.scopeKeys.get(uri);
    if (key === undefined) {
      key = this.dossierFor(uri)?.uri ?? '';
      this.scopeKeys.set(uri, key);
    }
    return key;
  }

  /** The cross-source analysis of the scope a file belongs to. */
  scopeAnalysis(uri: string): ScopeAnalysis {
    return this.scope(this.scopeKey(uri));
  }

  private scope(key: string): ScopeAnalysis {
    if (this.indexing) return EMPTY_SCOPE;
    const cached = this.scopes.get(key);
    if (cached) return cached;
    let companions: Companion[] | undefined;
    const scope: ScopeCompanions = {
      all: () => (companions ??= this.companionsIn(key)),
      get: (uri) => {
        const c = this.companions.get(uri);
        return c && this.scopeKey(uri) === key ? c : undefined;
      },
      touched: this.touched.get(key),
    };
    this.touched.set(key, new Set());
    let analysis: ScopeAnalysis;
    try {
      analysis = analyzeScope(this, scope, key ? this.dossiers.get(key) : undefined, { quoteMatchThreshold: this.options.quoteMatchThreshold }, this.previousScopes.get(key));
    } catch {
      // Start afresh next time: the kept state may be half updated.
      this.previousScopes.delete(key);
      this.touched.delete(key);
      for (const c of scope.all()) this.dirty.add(c.uri).add(c.articleUri);
      analysis = EMPTY_SCOPE;
    }
    for (const uri of analysis.changed) {
      this.dirty.add(uri);
      this.dirty.add(articleFor(uri));
    }
    this.scopes.set(key, analysis);
    this.previousScopes.set(key, analysis);
    return analysis;
  }

  /**
   * A file's diagnostics. `marks: false` leaves out what an article only
   * mirrors from its companion (the marks on the annotated words);
   * `severities`, when given, keeps only diagnostics of those severities
   * (the others are never worked out: their ranges, and their related
   * places', are most of the cost).
   */
  diagnostics(uri: string, marks = true, severities?: ReadonlySet<Severity>): CoreDiagnostic[] {
    const result: CoreDiagnostic[] = [];
    for (const f of this.findingsOf(uri, marks)) {
      const d = this.toDiagnostic(f, severities);
      if (d) result.push(d);
    }
    return result;
  }

  /**
   * How many diagnostics of each severity a file has, as `diagnostics` would
   * give them, without working them out (for summaries of every source).
   */
  diagnosticCounts(uri: string, marks = true): Record<Severity, number> {
    const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const f of this.findingsOf(uri, marks)) {
      const severity = this.severityOf(f);
      if (severity) counts[severity]++;
    }
    return counts;
  }

  private findingsOf(uri: string, marks: boolean): Finding[] {
    try {
      return fileFindings(this, uri, marks);
    } catch (e) {
      return [{ uri, span: { start: 0, end: 0 }, code: 'schema', message: `Internal error while checking this file: ${String(e)}` }];
    }
  }

  /** A finding's severity as configured; undefined when its code is turned off. */
  private severityOf(f: Finding): Severity | undefined {
    const configured = this.options.severity?.[f.code];
    return configured === 'off' ? undefined : (configured ?? DEFAULT_SEVERITY[f.code]);
  }

  private toDiagnostic(f: Finding, severities: ReadonlySet<Severity> | undefined): CoreDiagnostic | undefined {
    const severity = this.severityOf(f);
    if (!severity || (severities && !severities.has(severity))) return undefined;
    const starts = this.lineStartsOf(f.uri) ?? [0];
    return {
      uri: f.uri,
      range: rangeOf(starts, f.span),
      severity,
      code: f.code,
      message: f.message,
      related: f.related?.map((r) => ({
        uri: r.uri,
        range: rangeOf(this.lineStartsOf(r.uri) ?? [0], r.span),
        message: r.message,
      })),
      data: f.data,
    };
  }
}

function spanLength(span: Span | undefined): number {
  return span ? span.end - span.start : Infinity;
}

/** Marks a file that was not read because of its size. */
class TooLarge {
  constructor(
    readonly size: number,
    readonly max: number,
  ) {}
  get marker(): Uint8Array {
    const bytes = new Uint8Array(1);
    TOO_LARGE.set(bytes, this);
    return bytes;
  }
}
const TOO_LARGE = new WeakMap<Uint8Array, TooLarge>();

/** The problem of a dossier or companion that could not be read: too large (a limit), or not text. */
function unreadable(content: string | Uint8Array, reason: string): FileProblem {
  const tooLarge = typeof content !== 'string' && TOO_LARGE.has(content);
  return {
    span: { start: 0, end: 0 },
    code: tooLarge ? 'limit-exceeded' : 'yaml-syntax',
    message: `This file cannot be read: ${reason}.`,
  };
}

function decodeContent(content: string | Uint8Array): ReturnType<typeof decode> {
  if (typeof content !== 'string') {
    const big = TOO_LARGE.get(content);
    if (big) {
      return {
        ok: false,
        reason: `the file is ${(big.size / 1048576).toFixed(1)} MB, over the ${(big.max / 1048576).toFixed(1)} MB limit (setting corroborate.limits.maxFileSizeMB)`,
      };
    }
  }
  return decode(content);
}
