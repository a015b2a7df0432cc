/**
 * The small interface through which the core reads files. The LSP server
 * gives it open buffers over the disk, the CLI the disk, tests a map in
 * memory. URIs are `file:///...` strings (or any scheme with `/` paths).
 */
export interface Workspace {
  /**
   * The current content of a file: the open buffer's text when the editor has
   * it open, else the bytes on disk. `undefined` when it does not exist.
   * Implementations should not throw; the core catches anything they do.
   */
  readFile(uri: string): Promise<string | Uint8Array | undefined>;

  /** Every file the core may care about: `*.txt`, `*.ann.yaml` and `dossier.yaml` under the roots. */
  listFiles(): Promise<readonly string[]>;

  /** The size of a file in bytes, to refuse huge files before reading them; optional. */
  fileSize?(uri: string): Promise<number | undefined>;
}

/** A workspace held in memory: for tests and for callers that already have the texts. */
export class InMemoryWorkspace implements Workspace {
  private readonly files = new Map<string, string | Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [uri, content] of Object.entries(files)) this.files.set(uri, content);
  }

  set(uri: string, content: string | Uint8Array): void {
    this.files.set(uri, content);
  }

  delete(uri: string): void {
    this.files.delete(uri);
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  async readFile(uri: string): Promise<string | Uint8Array | undefined> {
    return this.files.get(uri);
  }

  async listFiles(): Promise<readonly string[]> {
    return [...this.files.keys()].filter(isRelevantFile);
  }

  async fileSize(uri: string): Promise<number | undefined> {
    const c = this.files.get(uri);
    if (c === undefined) return undefined;
    return typeof c === 'string' ? c.length : c.byteLength;
  }
}

// ---------------------------------------------------------------------------
// URI helpers (paths only; nothing here touches the file system)

export const COMPANION_SUFFIX = '.ann.yaml';
export const ARTICLE_SUFFIX = '.txt';
export const DOSSIER_NAME = 'dossier.yaml';

export function isCompanion(uri: string): boolean {
  return uri.endsWith(COMPANION_SUFFIX);
}
export function isDossier(uri: string): boolean {
  return basename(uri) === DOSSIER_NAME;
}
export function isArticleCandidate(uri: string): boolean {
  return uri.endsWith(ARTICLE_SUFFIX);
}
export function isRelevantFile(uri: string): boolean {
  return isCompanion(uri) || isDossier(uri) || isArticleCandidate(uri);
}

/** `dir/NAME.txt` for `dir/NAME.ann.yaml`. */
export function articleFor(companionUri: string): string {
  return companionUri.slice(0, -COMPANION_SUFFIX.length) + ARTICLE_SUFFIX;
}
/** `dir/NAME.ann.yaml` for `dir/NAME.txt`. */
export function companionFor(articleUri: string): string {
  return articleUri.slice(0, -ARTICLE_SUFFIX.length) + COMPANION_SUFFIX;
}

export function basename(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i === -1 ? uri : uri.slice(i + 1);
}
/** The folder of a URI, with a trailing slash. */
export function dirname(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i === -1 ? '' : uri.slice(0, i + 1);
}
/** Display name of an article or companion: `NAME`. */
export function stem(uri: string): string {
  const b = basename(uri);
  if (b.endsWith(COMPANION_SUFFIX)) return b.slice(0, -COMPANION_SUFFIX.length);
  if (b.endsWith(ARTICLE_SUFFIX)) return b.slice(0, -ARTICLE_SUFFIX.length);
  return b;
}
