// Helpers for integration tests running inside VS Code's extension host.
// Every wait has a deadline and says what it was waiting for when it runs out.
import * as vscode from 'vscode';

/** The repository's package.json (a require() so esbuild inlines it and tsc leaves it alone). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PACKAGE: { name: string; publisher: string; version: string } = require('../../package.json');

/** The extension's identifier, `publisher.name` from package.json. */
export const EXTENSION_ID = `${PACKAGE.publisher}.${PACKAGE.name}`;

/**
 * Polls `predicate` (sync or async) every 50 ms until it returns a truthy
 * value, and returns that value. Fails after `timeoutMs` naming `what`; an
 * exception thrown by the predicate is kept and shown if the wait fails.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  if (list.length === 0) return 'none';
  return list
    .map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} [${vscode.DiagnosticSeverity[d.severity]}] ${d.code ?? ''} ${d.message}`)
    .join('\n');
}

/**
 * Resolves with the diagnostics of `uri` once `predicate` accepts them,
 * checking now and on every vscode.languages.onDidChangeDiagnostics for that
 * file. Fails after `timeoutMs`, listing the diagnostics it last saw.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!predicate(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = describeDiagnostics(vscode.languages.getDiagnostics(uri));
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the expected diagnostics on ${vscode.workspace.asRelativePath(uri)}; it has:\n${seen}`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      subscription.dispose();
    }
    check();
  });
}

/** The first workspace folder: the runner opens a throwaway copy of the samples. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the runner should open a copy of the samples');
  return folder;
}

/** A URI for `relPath` (forward slashes) inside the workspace folder. */
export function workspaceUri(relPath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relPath.split('/'));
}

/** Opens `relPath` (relative to the workspace folder) in an editor. */
export async function openDoc(relPath: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(relPath));
  const editor = await vscode.window.showTextDocument(doc);
  return { doc, editor };
}

/** The extension under test, activated; fails clearly if VS Code did not load it. */
export async function activateExtension<T = unknown>(): Promise<vscode.Extension<T>> {
  const ext = vscode.extensions.getExtension<T>(EXTENSION_ID);
  if (!ext) {
    const loaded = vscode.extensions.all
      .filter((e) => !e.id.startsWith('vscode.'))
      .map((e) => e.id)
      .join(', ');
    throw new Error(`extension ${EXTENSION_ID} is not loaded (non-built-in extensions: ${loaded || 'none'})`);
  }
  await ext.activate();
  return ext;
}
