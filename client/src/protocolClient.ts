/**
 * Typed calls of Corroborate's own requests (server/src/lsp/protocol.ts) and
 * the `corroborate/changed` notification, as an event.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  ANCHOR_HEALTH_REQUEST,
  CHANGED_NOTIFICATION,
  CLOSED_FILES_NOTIFICATION,
  REPORT_REQUEST,
  SOURCES_REQUEST,
  type AnchorHealth,
  type ClosedFilesParams,
  type ReportResult,
  type SourcesResult,
} from '../../server/src/lsp/protocol';
import { settler } from './settle';

/** How long (ms) the corpus must stay unchanged before `onDidSettle` fires. */
export const SETTLE_MS = 750;

export class CorroborateProtocol implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the server says the corpus changed, and when the server has (re)started. */
  readonly onDidChange = this.changed.event;
  private readonly settled = new vscode.EventEmitter<void>();
  /**
   * Fires once the corpus has stayed unchanged for SETTLE_MS after changes
   * (or a start): for what asks for reports, which typing would otherwise
   * ask for after every keystroke (see settle.ts).
   */
  readonly onDidSettle = this.settled.event;
  private readonly settling = settler(() => this.settled.fire(), SETTLE_MS);
  private readonly closedFiles = new vscode.EventEmitter<ClosedFilesParams>();
  /** Fires when the server says what files not open in an editor report (`corroborate/closedFiles`). */
  readonly onDidDecideClosedFiles = this.closedFiles.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions = [
      this.changed.event(() => this.settling.poke()),
      client.onNotification(CHANGED_NOTIFICATION, () => this.changed.fire()),
      client.onNotification(CLOSED_FILES_NOTIFICATION, (params: ClosedFilesParams) => this.closedFiles.fire(params)),
      client.onDidChangeState((e) => e.newState === State.Running && this.changed.fire()),
    ];
  }

  /** Whether the server runs. Any request starts it, so parts that merely follow the editor check this first. */
  get running(): boolean {
    return this.client.isRunning();
  }

  report(uri?: vscode.Uri): Promise<ReportResult> {
    return this.client.sendRequest<ReportResult>(REPORT_REQUEST, { uri: uri?.toString() });
  }

  async sources(uri?: vscode.Uri): Promise<SourcesResult['sources']> {
    return (await this.client.sendRequest<SourcesResult>(SOURCES_REQUEST, { uri: uri?.toString() })).sources;
  }

  anchorHealth(uri: vscode.Uri): Promise<AnchorHealth | null> {
    return this.client.sendRequest<AnchorHealth | null>(ANCHOR_HEALTH_REQUEST, { uri: uri.toString() });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.settling.dispose();
    this.changed.dispose();
    this.settled.dispose();
    this.closedFiles.dispose();
  }
}

/** Opens a file at a range (0-based, as the server sends it), selecting the words. */
export async function openAt(uri: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<vscode.TextEditor> {
  const selection = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, { selection, preview: true, viewColumn: vscode.ViewColumn.One });
  if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}
