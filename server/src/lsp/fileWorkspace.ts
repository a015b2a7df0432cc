/**
 * A core Workspace over the real file system, with open editor buffers
 * taking precedence over what is on disk. Used by the language server and
 * (without buffers) by the CLI.
 */
import { readFile, stat, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { isRelevantFile, type Workspace } from '../core/workspace';

/**
 * The callback API, promised: an index reads every file once, and through
 * fs.promises each read cost about twice the main thread's time (20,000
 * bench files, each stat'ed then read 16 at a time: 1.3-1.6 s of CPU
 * against 0.5-0.8 s).
 */
const readFileNow = promisify(readFile);
const statNow = promisify(stat);

/** Folders never worth scanning. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.cache', '.vscode-test']);

export interface OpenBuffers {
  /** The text of an open document, if the editor has it open. */
  get(uri: string): string | undefined;
}

export function toUri(path: string): string {
  return pathToFileURL(path).href;
}

export function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class FileWorkspace implements Workspace {
  constructor(
    /** Root folders or single files (file-system paths). */
    private roots: readonly string[],
    private readonly buffers?: OpenBuffers,
    private readonly maxFiles = 200_000,
  ) {}

  setRoots(roots: readonly string[]): void {
    this.roots = roots;
  }

  async readFile(uri: string): Promise<string | Uint8Array | undefined> {
    const open = this.buffers?.get(uri);
    if (open !== undefined) return open;
    const path = toPath(uri);
    if (!path) return undefined;
    try {
      return await readFileNow(path);
    } catch {
      return undefined;
    }
  }

  async fileSize(uri: string): Promise<number | undefined> {
    const open = this.buffers?.get(uri);
    if (open !== undefined) return open.length;
    const path = toPath(uri);
    if (!path) return undefined;
    try {
      return (await statNow(path)).size;
    } catch {
      return undefined;
    }
  }

  async listFiles(): Promise<readonly string[]> {
    const out: string[] = [];
    const seen = new Set<string>();
    const walk = async (path: string): Promise<void> => {
      if (out.length >= this.maxFiles) return;
      let entries;
      try {
        entries = await fs.readdir(path, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const child = join(path, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(child);
        } else if (e.isFile()) {
          const uri = toUri(child);
          if (isRelevantFile(uri) && !seen.has(uri)) {
            seen.add(uri);
            out.push(uri);
          }
        }
      }
    };
    for (const root of this.roots) {
      try {
        const st = await fs.stat(root);
        if (st.isDirectory()) await walk(root);
        else if (st.isFile()) {
          const uri = toUri(root);
          if (isRelevantFile(uri) && !seen.has(uri)) {
            seen.add(uri);
            out.push(uri);
          }
        }
      } catch {
        // a root that does not exist contributes nothing
      }
    }
    return out.sort();
  }
}
