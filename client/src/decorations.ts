/**
 * Overview-ruler marks for article words whose annotations carry a
 * cross-source finding: `conflict` (a claimant reported with incompatible
 * figures, a misattributed quote) and `contested` (claimants disagree, a
 * quote worded differently). Read from the diagnostics the server already
 * published; colours are the theme colours the extension contributes.
 */
import * as vscode from 'vscode';
import { findingClass } from '../../server/src/core/crossSource/findingClass';

export class FindingDecorations implements vscode.Disposable {
  private readonly conflict = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('corroborate.conflictRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly contested = vscode.window.createTextEditorDecorationType({
    overviewRulerColor: new vscode.ThemeColor('corroborate.contestedRuler'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  private readonly subscriptions: vscode.Disposable[];
  /** The ranges last set per editor document (for tests). */
  readonly applied = new Map<string, { conflict: vscode.Range[]; contested: vscode.Range[] }>();

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors(() => this.updateAll()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const changed = new Set(e.uris.map((u) => u.toString()));
        for (const editor of vscode.window.visibleTextEditors) if (changed.has(editor.document.uri.toString())) this.update(editor);
      }),
    ];
    this.updateAll();
  }

  private updateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.update(editor);
  }

  update(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== 'news-article') return;
    const conflict: vscode.Range[] = [];
    const contested: vscode.Range[] = [];
    for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
      if (d.source !== 'corroborate') continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
      const kind = findingClass(code);
      if (kind === 'conflict') conflict.push(d.range);
      else if (kind === 'contested') contested.push(d.range);
    }
    editor.setDecorations(this.conflict, conflict);
    editor.setDecorations(this.contested, contested);
    this.applied.set(editor.document.uri.toString(), { conflict, contested });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.conflict.dispose();
    this.contested.dispose();
  }
}
