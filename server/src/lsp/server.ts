/**
 * The language server: wires LSP requests and notifications to the core.
 * It owns the connection, the open documents and the publishing of
 * diagnostics; every answer is computed by the core.
 */
import { isAbsolute } from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import { Corpus, type CorpusOptions } from '../core/corpus';
import { ARTICLE_SUFFIX, COMPANION_SUFFIX, DOSSIER_NAME, isCompanion, isRelevantFile } from '../core/workspace';
import { afterMessages, type Pending } from './afterMessages';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { FileWorkspace, toPath, toUri } from './fileWorkspace';
import { AUTO_ALL_UP_TO, closedFilesShown, readsAgain, toCorpusOptions, toFeatureSettings, type ClosedFilesShown, type FeatureSettings, type Settings } from './settings';
import { CLOSED_FILES_NOTIFICATION, STATS_REQUEST, type ClosedFilesParams, type StatsParams, type StatsResult } from './protocol';
import { GcPauses } from './gcPauses';
import { IdleCollector } from './idleCollector';
import { RequestTimes } from './requestTimes';
import { RecordingWorkspace, WarmCache, isWithin } from './warmCache';

export const SERVER_NAME = 'corroborate';
/** The extension's version (package.json), which the server and the CLI share. */
export const SERVER_VERSION: string = version;

/** What a feature module gets to answer requests. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly corpus: Corpus;
  readonly capabilities: ClientCapabilities;
  /** Resolves when the first full index has finished. */
  readonly indexed: Promise<void>;
  /**
   * Resolves once one file and what its answers depend on are loaded: at
   * once after indexing, and ahead of the rest while indexing runs, so
   * requests on open files are answered without waiting for the whole index.
   * Workspace-wide requests answer from what is indexed so far. A request
   * cancelled meanwhile ends there, answered as cancelled.
   */
  ready(uri: string, token?: CancellationToken): Promise<void>;
  /**
   * False when the editor says the workspace is not trusted
   * (`initializationOptions.trusted`): then the server only analyses, and
   * offers no action that creates or changes a file.
   */
  readonly trusted: boolean;
  /** Calls `listener` after each diagnostics pass (soon after any change), with how many files' diagnostics were sent. */
  onDidPublish(listener: (sent: number) => void): void;
  /** What the features read from the `corroborate.*` settings, as last loaded (read once per change, not per request). */
  readonly settings: FeatureSettings;
  /** Calls `listener` when `settings` changed. */
  onDidChangeSettings(listener: () => void): void;
}

/** A feature: registers its handlers and says what it adds to the server's capabilities. */
export interface Feature {
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(ctx: ServerContext): void;
}

export class CorroborateServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly workspace: FileWorkspace;
  /** The workspace as the corpus reads it: recording what it read, for the warm-start cache. */
  private readonly recorder: RecordingWorkspace;
  private readonly corpus: Corpus;
  /** The warm-start cache, when the client gave a storage folder (`initializationOptions.storagePath`). */
  private cache: WarmCache | undefined;
  private withRelated = true;
  private readonly publisher: DiagnosticsPublisher;
  /** How long the features' request handlers take (`corroborate/stats`). */
  private readonly requestTimes = new RequestTimes();
  private readonly gcPauses = new GcPauses();
  /** Scavenges the young generation while the server is quiet, rather than during an edit or a request. */
  private readonly idleCollector: IdleCollector;
  private clientCapabilities: ClientCapabilities = {};
  private folders: WorkspaceFolder[] = [];
  private indexedResolve!: () => void;
  private readonly indexed = new Promise<void>((r) => (this.indexedResolve = r));
  /** Open buffers whose changes the corpus has not seen yet, and when they will be applied. */
  private readonly changedBuffers = new Set<string>();
  /** Each open buffer's version when it was opened: a change event with it is the opening, not an edit. */
  private readonly openedVersions = new Map<string, number>();
  private applyBuffersSoon: Pending | undefined;
  /** Readying the last opened companion for edits (see Corpus.readyForEdits), once the client pauses. */
  private readySoon: Pending | undefined;
  /** Messages from the client handled so far (counted by `beforeMessage`). */
  private messagesHandled = 0;
  /** Set once the first full index has ended: until then, as during any index, only open files are published. */
  private firstIndexEnded = false;
  private shuttingDown = false;
  private trusted = true;
  private readonly publishListeners: Array<(sent: number) => void> = [];
  private readonly settingsListeners: Array<() => void> = [];
  private featureSettings = toFeatureSettings(undefined);
  /** The options last given to the corpus: settings that leave them alone (CodeLens kinds, tracing) must not re-check every file. */
  private corpusOptions: CorpusOptions = toCorpusOptions(undefined);
  /** Companions counted at the start and after each full index (not during): what `closedFiles: auto` is decided on. */
  private companions: number | undefined;
  /** What was last said in `corroborate/closedFiles` (JSON), so that it is said again only when it changes. */
  private closedFilesSaid = '';

  constructor(
    private readonly connection: Connection,
    private readonly features: readonly Feature[] = [],
  ) {
    const buffers = { get: (uri: string) => this.documents.get(uri)?.getText() };
    this.workspace = new FileWorkspace([], buffers);
    this.recorder = new RecordingWorkspace(this.workspace, buffers, () => this.corpus.maxFileBytes);
    // Closed articles' texts are let go once anchored (a sixth of the heap); they are read again when needed.
    this.corpus = new Corpus(this.recorder, {}, 'open');
    this.publisher = new DiagnosticsPublisher(connection, this.corpus, {
      afterPublish: (sent) => {
        this.cache?.afterPass();
        callEach(this.publishListeners, sent);
        this.idleCollector.poke();
      },
      openFiles: () => this.documents.keys(),
      indexing: () => !this.firstIndexEnded || this.corpus.isIndexing,
      messagesHandled: () => this.messagesHandled,
    });
    this.idleCollector = new IdleCollector({
      messagesHandled: () => this.messagesHandled,
      busy: () => !this.firstIndexEnded || this.corpus.isIndexing || this.changedBuffers.size > 0 || !this.publisher.settled(),
      collected: (start, end) => this.gcPauses.idleCollection(start, end),
    });
  }

  /**
   * Called for every message from the client before it is handled. A
   * request first brings the corpus up to date with the buffers' changes.
   */
  beforeMessage(isRequest: boolean): void {
    this.messagesHandled++;
    this.idleCollector.poke();
    if (isRequest) this.applyChangedBuffers();
  }

  /**
   * Gives the corpus the open buffers' new texts. Typing sends a change per
   * keystroke: they are applied together once the client pauses (or before
   * the next request), so a burst costs one parse, not one per keystroke.
   */
  private applyChangedBuffers(): void {
    this.applyBuffersSoon?.cancel();
    this.applyBuffersSoon = undefined;
    if (!this.changedBuffers.size) return;
    const reads: Promise<void>[] = [];
    for (const uri of this.changedBuffers) {
      const doc = this.documents.get(uri);
      // A closed buffer's file was read again from disk when it closed.
      if (doc) reads.push(this.corpus.updateText(uri, doc.getText()));
    }
    this.changedBuffers.clear();
    this.publisher.schedule(true);
    // A new companion's article is read first: publish again once it is there.
    void Promise.all(reads).then(() => this.publisher.schedule(true));
  }

  /** Registers every handler on the connection and starts listening. */
  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized());
    c.onShutdown(async () => {
      this.shuttingDown = true;
      this.publisher.dispose();
      this.readySoon?.cancel();
      this.idleCollector.dispose();
      this.gcPauses.dispose();
      await this.cache?.flush();
    });
    c.onDidChangeConfiguration(() => void this.settingsChanged());
    c.onDidChangeWatchedFiles(async (params) => {
      for (const change of params.changes) {
        if (!isRelevantFile(change.uri) || this.documents.get(change.uri)) continue;
        if (change.type === FileChangeType.Deleted) this.corpus.forget(change.uri);
        else await this.corpus.refresh(change.uri);
      }
      this.publisher.schedule();
    });

    this.documents.onDidChangeContent((e) => {
      if (!isRelevantFile(e.document.uri)) return;
      // Fired on opening too: only another version is an edit.
      if (this.openedVersions.get(e.document.uri) !== e.document.version) this.publisher.edited(e.document.uri);
      this.changedBuffers.add(e.document.uri);
      this.applyBuffersSoon ??= afterMessages(() => this.messagesHandled, BUFFER_WAIT_MS, () => this.applyChangedBuffers());
    });
    this.documents.onDidOpen((e) => {
      const uri = e.document.uri;
      this.openedVersions.set(uri, e.document.version);
      this.publisher.openedOrClosed(uri);
      // An opened companion is likely to be edited: ready its figures' groups once the client pauses.
      // Only the last opened: editors restored together are opened in a burst, and the groups kept
      // ready are few (readying each would build and drop them in turn).
      if (isCompanion(uri)) {
        this.readySoon?.cancel();
        this.readySoon = afterMessages(() => this.messagesHandled, READY_WAIT_MS, () => {
          this.readySoon = undefined;
          this.corpus.readyForEdits(uri);
          this.publisher.schedule();
        });
      }
    });
    this.documents.onDidClose(async (e) => {
      this.openedVersions.delete(e.document.uri);
      // The buffer is gone: what counts now is the file on disk (or nothing).
      if (!isRelevantFile(e.document.uri)) return;
      this.publisher.openedOrClosed(e.document.uri);
      await this.corpus.refresh(e.document.uri);
      this.publisher.schedule();
    });

    const clientCapabilities = () => this.clientCapabilities;
    const isTrusted = () => this.trusted;
    const listeners = this.publishListeners;
    const settingsListeners = this.settingsListeners;
    const featureSettings = () => this.featureSettings;
    c.onRequest(STATS_REQUEST, (params: StatsParams | undefined): StatsResult => {
      const m = process.memoryUsage();
      const result = {
        requests: this.requestTimes.summary(),
        memory: { rss: m.rss, heapTotal: m.heapTotal, heapUsedNoGc: m.heapUsed, external: m.external },
        gc: this.gcPauses.summary(),
      };
      if (params?.reset) {
        this.requestTimes.reset();
        this.gcPauses.reset();
      }
      return result;
    });

    const ctx: ServerContext = {
      connection: this.requestTimes.timing(c),
      documents: this.documents,
      corpus: this.corpus,
      get capabilities() {
        return clientCapabilities();
      },
      indexed: this.indexed,
      ready: async (uri, token) => {
        if (this.corpus.isIndexing) await this.corpus.ensure(uri);
        await this.corpus.holdText(uri);
        if (token?.isCancellationRequested) throw cancelled();
      },
      get trusted() {
        return isTrusted();
      },
      onDidPublish(listener) {
        listeners.push(listener);
      },
      get settings() {
        return featureSettings();
      },
      onDidChangeSettings(listener) {
        settingsListeners.push(listener);
      },
    };
    for (const f of this.features) f.register(ctx);

    this.documents.listen(c);
    c.listen();
  }

  private capabilities(): ServerCapabilities {
    let caps: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    for (const f of this.features) caps = mergeCapabilities(caps, f.capabilities(this.clientCapabilities));
    return caps;
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.clientCapabilities = params.capabilities;
    this.withRelated = params.capabilities.textDocument?.publishDiagnostics?.relatedInformation !== false;
    this.publisher.setRelatedInformation(this.withRelated);
    this.folders =
      params.workspaceFolders ??
      (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: toUri(params.rootPath), name: 'root' }] : []);
    const init = params.initializationOptions as { settings?: Settings; trusted?: boolean; storagePath?: unknown } | undefined;
    this.trusted = init?.trusted !== false;
    if (init?.settings) this.applySettings(init.settings);
    this.setUpCache(init?.storagePath);
    return { capabilities: this.capabilities(), serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
  }

  private async initialized(): Promise<void> {
    const caps = this.clientCapabilities;
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [`**/*${ARTICLE_SUFFIX}`, `**/*${COMPANION_SUFFIX}`, `**/${DOSSIER_NAME}`].map((globPattern) => ({ globPattern })),
      });
    }
    if (caps.workspace?.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        this.folders = [...this.folders.filter((f) => !removed.has(f.uri)), ...event.added];
        this.updateCacheKey();
        void this.reindex();
      });
    }
    await this.loadSettings();
    await this.warmStart();
    await this.reindex();
    this.indexedResolve();
  }

  /**
   * The warm-start cache lives in the storage folder the client gives, and
   * only there: none when there is no such folder or it lies inside a
   * workspace folder (the cache must never be written into the workspace).
   */
  private setUpCache(storagePath: unknown): void {
    if (typeof storagePath !== 'string' || !isAbsolute(storagePath)) return;
    if (this.insideWorkspace(storagePath)) {
      this.connection.console.warn(`corroborate: the storage folder ${storagePath} lies inside the workspace; no warm-start cache`);
      return;
    }
    this.recorder.enabled = true;
    this.cache = new WarmCache(
      storagePath,
      this.corpus,
      this.recorder,
      this.publisher,
      (uri) => this.documents.get(uri)?.getText(),
      () => new Promise((resolve) => afterMessages(() => this.messagesHandled, CACHE_GIVE_WAY_MS, resolve)),
      (m) => this.connection.console.log(m),
    );
    this.publisher.observe((uri, diagnostics, key, exists) => this.cache?.recordSent(uri, diagnostics, key, exists));
    this.updateCacheKey();
  }

  private insideWorkspace(path: string): boolean {
    return this.folders.some((f) => {
      const root = toPath(f.uri);
      return root !== undefined && isWithin(path, root);
    });
  }

  /** Everything besides the files that decides what diagnostics say. */
  private updateCacheKey(): void {
    const storage = this.cache?.folder;
    if (storage && this.insideWorkspace(storage)) {
      // A folder added around the storage folder: stop using the cache.
      void this.cache?.flush(false);
      this.cache = undefined;
      this.recorder.enabled = false;
      return;
    }
    const key = [SERVER_VERSION, this.corpusOptions, this.featureSettings.articleMarks, this.closedFilesShown(), this.withRelated, this.trusted, this.folders.map((f) => f.uri).sort()];
    this.cache?.setKey(JSON.stringify(key));
  }

  /**
   * Publishes the cached diagnostics of every scope whose files are as they
   * were when the diagnostics were computed, before the index starts; the
   * index then sends only what differs.
   */
  private async warmStart(): Promise<void> {
    if (!this.cache) return;
    this.workspace.setRoots(this.folders.map((f) => toPath(f.uri)).filter((p): p is string => p !== undefined));
    const listing = await this.workspace.listFiles();
    this.recorder.primeListing(listing);
    this.countedCompanions(listing.filter(isCompanion).length);
    const report = await this.cache.serve(listing, (uri, diagnostics, key) => {
      this.publisher.markSent(uri, key);
      return this.connection.sendDiagnostics({ uri, diagnostics });
    });
    this.connection.console.log(
      report.used
        ? `corroborate: warm start: ${report.servedFiles} files' diagnostics from the cache (${report.servedScopes} scopes unchanged, ${report.staleScopes} to index); ` +
            `${(report.cacheBytes / 1048576).toFixed(1)} MB loaded in ${Math.round(report.loadMs)} ms, files checked in ${Math.round(report.checkMs)} ms, sent in ${Math.round(report.sendMs ?? 0)} ms`
        : `corroborate: warm start: cache not used (${report.reason})`,
    );
  }

  /**
   * After `workspace/didChangeConfiguration`: new options re-check every
   * file; new limits (which apply as files are read) read the workspace again.
   */
  private async settingsChanged(): Promise<void> {
    const change = await this.loadSettings();
    if (change?.limits) await this.reindex();
    else if (change?.options) this.publisher.schedule();
  }

  /** Asks the client for the settings and takes them; says what changed (undefined when the client cannot answer). */
  private async loadSettings(): Promise<SettingsChange | undefined> {
    if (!this.clientCapabilities.workspace?.configuration) return undefined;
    try {
      const settings = (await this.connection.workspace.getConfiguration('corroborate')) as Settings | null;
      const change = this.applySettings(settings);
      if (change.features) callEach(this.settingsListeners);
      return change;
    } catch {
      // A client that cannot answer keeps the defaults.
      return undefined;
    }
  }

  /** Takes settings; the corpus gets new options only when they differ from the last ones. */
  private applySettings(settings: Settings | null | undefined): SettingsChange {
    const features = toFeatureSettings(settings);
    const options = toCorpusOptions(settings);
    const change: SettingsChange = {
      features: JSON.stringify(features) !== JSON.stringify(this.featureSettings),
      options: JSON.stringify(options) !== JSON.stringify(this.corpusOptions),
      limits: readsAgain(options, this.corpusOptions),
    };
    this.featureSettings = features;
    this.publisher.setArticleMarks(features.articleMarks);
    this.publisher.setClosedFiles(this.closedFilesShown());
    if (change.options) {
      this.corpusOptions = options;
      this.corpus.setOptions(options);
    }
    if (change.options || change.features) this.updateCacheKey();
    if (change.features) this.sayClosedFiles();
    return change;
  }

  private async reindex(): Promise<void> {
    this.workspace.setRoots(this.folders.map((f) => toPath(f.uri)).filter((p): p is string => p !== undefined));
    const progress = this.clientCapabilities.window?.workDoneProgress
      ? await this.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('Corroborate: indexing sources', 0, undefined, false);
    this.cache?.indexing();
    try {
      await this.corpus.indexAll(({ done, total }) => {
        progress?.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`);
        this.publisher.schedule();
      }, () => this.shuttingDown);
      // Open buffers win over the disk.
      for (const doc of this.documents.all()) {
        if (isRelevantFile(doc.uri)) await this.corpus.updateText(doc.uri, doc.getText());
      }
    } finally {
      this.firstIndexEnded = true;
      progress?.done();
    }
    // An index cut short by a shutdown read only some of the companions: it decides nothing.
    if (!this.shuttingDown) this.countedCompanions(this.corpus.allCompanions().length);
    this.cache?.indexed();
    this.publisher.schedule();
  }

  /** What closed files report: the setting, with `auto` decided by the companions counted last. */
  private closedFilesShown(): ClosedFilesShown {
    return closedFilesShown(this.featureSettings.closedFiles, this.companions);
  }

  /**
   * Takes a new count of the workspace's companions: at the start and after
   * a full index, never file by file, so that what closed files report does
   * not come and go while someone works near the limit.
   */
  private countedCompanions(companions: number): void {
    const before = this.closedFilesShown();
    this.companions = companions;
    const after = this.closedFilesShown();
    if (after !== before) {
      this.publisher.setClosedFiles(after);
      this.updateCacheKey();
    }
    this.sayClosedFiles();
  }

  /** Tells the client what closed files report, when the setting or what `auto` came to changed since it was last told. */
  private sayClosedFiles(): void {
    if (this.companions === undefined) return;
    const params: ClosedFilesParams = { setting: this.featureSettings.closedFiles, shown: this.closedFilesShown(), companions: this.companions, limit: AUTO_ALL_UP_TO };
    const said = JSON.stringify([params.setting, params.shown]);
    if (said === this.closedFilesSaid) return;
    this.closedFilesSaid = said;
    if (params.setting === 'auto' && params.shown !== 'all') {
      this.connection.console.log(
        `corroborate: ${params.companions} companions, more than ${AUTO_ALL_UP_TO}: files not open in an editor report errors and warnings only ` +
          `(corroborate.diagnostics.closedFiles is auto; set it to all for every finding)`,
      );
    }
    void this.connection.sendNotification(CLOSED_FILES_NOTIFICATION, params);
  }
}

/** What a new set of settings changed: what the features read, the corpus options, and among them the limits. */
interface SettingsChange {
  readonly features: boolean;
  readonly options: boolean;
  readonly limits: boolean;
}

/** The longest (ms) the corpus waits for a pause in typing before it takes a buffer's changes. */
const BUFFER_WAIT_MS = 50;
/** How long readying an opened companion for edits waits for the client to pause, at most. */
const READY_WAIT_MS = 200;
/** How long a slice of writing the warm-start cache waits for the client to pause, at most. */
const CACHE_GIVE_WAY_MS = 100;

/** The answer to a request the client cancelled before it was answered. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** Calls every listener; one's failure must not stop the others. */
function callEach<A extends unknown[]>(listeners: ReadonlyArray<(...args: A) => void>, ...args: A): void {
  for (const listener of listeners) {
    try {
      listener(...args);
    } catch {
      // A listener's failure must not stop the others.
    }
  }
}

/** Shallow-merges capability objects, merging one level of nested objects. */
function mergeCapabilities(a: ServerCapabilities, b: ServerCapabilities): ServerCapabilities {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev && typeof prev === 'object' && v && typeof v === 'object' && !Array.isArray(v)
        ? { ...(prev as object), ...(v as object) }
        : v;
  }
  return out as ServerCapabilities;
}
