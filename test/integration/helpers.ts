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

/** The language id the extension gives article `.txt` files. */
export const ARTICLE_LANGUAGE = 'news-article';

/** The open TextDocument for `uri`, if any (a language change replaces the object, so look it up each time). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/**
 * Opens `relPath` in an editor and waits until the extension has given it the
 * article language (the language client only serves documents that have it).
 */
export async function openArticle(relPath: string, timeoutMs = 15_000): Promise<vscode.TextDocument> {
  const { doc } = await openDoc(relPath);
  return waitFor(() => {
    const current = openDocument(doc.uri);
    return current?.languageId === ARTICLE_LANGUAGE ? current : undefined;
  }, timeoutMs, `${relPath} to get the ${ARTICLE_LANGUAGE} language (it has ${openDocument(doc.uri)?.languageId})`);
}

/** The position `into` characters after the start of the `nth` (0-based) occurrence of `needle` in `doc`. */
export function positionOf(doc: vscode.TextDocument, needle: string, nth = 0, into = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} time(s) in ${vscode.workspace.asRelativePath(doc.uri)}`);
  }
  return doc.positionAt(at + into);
}

/** The range of the `nth` occurrence of `needle` in `doc`. */
export function rangeOf(doc: vscode.TextDocument, needle: string, nth = 0): vscode.Range {
  const start = positionOf(doc, needle, nth);
  return new vscode.Range(start, doc.positionAt(doc.offsetAt(start) + needle.length));
}

/** A diagnostic's code as a string (VS Code gives `{ value, target }` when the code links to docs). */
export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
}

/** The Corroborate diagnostics of `uri` with code `code`. */
export function diagnosticsWithCode(uri: vscode.Uri, code: string, list: readonly vscode.Diagnostic[] = vscode.languages.getDiagnostics(uri)): vscode.Diagnostic[] {
  return list.filter((d) => codeOf(d) === code);
}

/**
 * Remembers the text VS Code holds for the workspace files `relPaths` now,
 * and returns a function that puts it back and saves it: a test that edits
 * workspace files calls it afterwards, so the edits are gone whether or not
 * they were saved in between (VS Code in a browser saves after a delay unless
 * told not to).
 */
export async function snapshot(relPaths: readonly string[]): Promise<() => Promise<void>> {
  const docOf = async (uri: vscode.Uri) => openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri));
  const kept = await Promise.all(
    relPaths.map(async (p) => {
      const uri = workspaceUri(p);
      return { uri, text: (await docOf(uri)).getText() };
    }),
  );
  return async () => {
    for (const { uri, text } of kept) {
      const doc = await docOf(uri);
      if (doc.getText() !== text) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not restore ${vscode.workspace.asRelativePath(uri)}`);
      }
      const now = openDocument(uri);
      if (now?.isDirty && !(await now.save())) throw new Error(`could not save ${vscode.workspace.asRelativePath(uri)}`);
    }
  };
}

/** The plain text of a hover's contents. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Target URI and range of a Location or LocationLink. */
export function targetOf(l: vscode.Location | vscode.LocationLink): { uri: vscode.Uri; range: vscode.Range } {
  return 'targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : { uri: l.uri, range: l.range };
}

/**
 * Resolves once `check()` (which may read the diagnostics of several files)
 * returns true, checking now and on every diagnostics change anywhere. Fails
 * after `timeoutMs` with `describe()`'s account of what it last saw.
 */
export function waitForAllDiagnostics(check: () => boolean, timeoutMs: number, what: string, describe: () => string = () => ''): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics(() => {
      if (check()) done();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe() ? `; saw: ${describe()}` : ''}`));
    }, timeoutMs);
    function done() {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
    if (check()) done();
  });
}
