/**
 * "Corroborate: Compare sources": a webview showing one dossier's quantities,
 * quotes and claims side by side (HTML from panel/html.ts, data from
 * `corroborate/report`). Clicking a mark or row opens the article at the
 * exact words. The panel follows changes to the corpus while it is open,
 * once they settle (see settle.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Report, ReportScope } from '../../../server/src/core/report/model';
import { openAt, type CorroborateProtocol } from '../protocolClient';
import { isOpenMessage, panelHtml, type PanelLocation } from './html';

export const COMPARE_COMMAND = 'corroborate.compare';
const VIEW_TYPE = 'corroborate.compare';

export class ComparisonPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private locations: readonly PanelLocation[] = [];
  /** The file whose scope is shown (undefined: the only or first scope). */
  private scopeOf: vscode.Uri | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last HTML set (for tests). */
  html = '';
  /** How many times the page was drawn (for tests). */
  renders = 0;
  /** The corpus changed while the panel was hidden: draw it again when it is shown. */
  private stale = false;

  constructor(private readonly protocol: CorroborateProtocol) {
    this.subscriptions.push(protocol.onDidSettle(() => void this.followChange()));
  }

  /** Draws the panel again after a change, or, while another tab hides it, once it is shown (each drawing costs a report). */
  private async followChange(): Promise<void> {
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    await this.render();
  }

  /** Opens (or reveals) the panel for the scope of `uri`, else of the active editor's file, else asks. */
  async show(uri?: vscode.Uri): Promise<void> {
    let target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (target && target.scheme !== 'file') target = undefined;
    if (target && !(await this.protocol.sources(target)).length) target = undefined;
    if (!target) {
      const report = await this.protocol.report();
      target = await pickScope(report);
      if (!target && report.scopes.length > 1) return; // cancelled
    }
    this.scopeOf = target;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Compare sources', vscode.ViewColumn.Beside, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
      this.panel.onDidChangeViewState((e) => e.webviewPanel.visible && this.stale && void this.render(), undefined, this.subscriptions);
      this.panel.webview.onDidReceiveMessage((m) => void this.onMessage(m), undefined, this.subscriptions);
    } else {
      this.panel.reveal(undefined, true);
    }
    await this.render();
  }

  private async render(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    this.stale = false;
    const report = await this.protocol.report(this.scopeOf);
    const scope: ReportScope | undefined = report.scopes[0];
    const page = panelHtml(scope, { nonce: randomBytes(16).toString('base64'), cspSource: panel.webview.cspSource });
    if (this.panel !== panel) return;
    panel.title = scope?.title ? `Compare: ${scope.title}` : 'Compare sources';
    this.locations = page.locations;
    this.html = page.html;
    panel.webview.html = page.html;
    this.renders++;
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isOpenMessage(message)) return;
    const target = this.locations[message.loc];
    if (target) await openAt(target.uri, target.range);
  }

  /** For tests: what a click on `data-loc="N"` does. */
  openLocation(index: number): Promise<void> {
    return this.onMessage({ type: 'open', loc: index });
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The editor column the panel is in, while open. */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  /** Whether the panel is open and not hidden by another tab. */
  get isVisible(): boolean {
    return this.panel?.visible === true;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** With several dossiers, asks which one; returns a file of that scope. */
async function pickScope(report: Report): Promise<vscode.Uri | undefined> {
  const scopes = report.scopes.filter((s) => s.sources.length);
  if (scopes.length <= 1) return scopes[0]?.sources[0]?.uri ? vscode.Uri.parse(scopes[0].sources[0].uri) : undefined;
  const picked = await vscode.window.showQuickPick(
    scopes.map((s) => ({ label: s.title ?? s.dossier ?? 'Sources without a dossier', description: `${s.sources.length} sources`, scope: s })),
    { placeHolder: 'Which dossier?' },
  );
  const uri = picked?.scope.sources[0]?.uri;
  return uri ? vscode.Uri.parse(uri) : undefined;
}
