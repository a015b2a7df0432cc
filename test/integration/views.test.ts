// The editor experience in a real VS Code: the Corroborate views and their
// providers, the comparison panel, the anchor status bar item, overview-ruler
// decorations, CodeLenses and "New dossier here", on a copy of the samples.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { CorroborateApi } from '../../client/src/extension';
import { flatten, type ViewNode } from '../../client/src/views/model';
import { activateExtension, openDoc, positionOf, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

const OUTLETS = ['Meridian Wire', 'The Harbour Post', 'Crónica de Almará (English edition)', 'Tidewater Shipping News', 'Continental Dispatch'];

let api: CorroborateApi;
let quantityLabels: string[];

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function nodesOf(provider: CorroborateApi['views']['sources'], what: string): Promise<ViewNode[]> {
  // The first answer may come before the server finished indexing: ask until it is there.
  return waitFor(
    async () => {
      provider.refresh();
      const nodes = flatten(await provider.getChildren());
      return nodes.length ? nodes : undefined;
    },
    30_000,
    what,
  );
}

describe('views, panel and status bar', () => {
  before(async () => {
    api = (await activateExtension<CorroborateApi>()).exports;
    const dossier = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('dossier.yaml'))));
    quantityLabels = Object.values(dossier.quantities as Record<string, { label: string }>).map((q) => q.label);
  });

  it('contributes the Corroborate view container and its four views', async () => {
    const ext = vscode.extensions.getExtension('corroborate.corroborate')!;
    const views = ext.packageJSON.contributes.views.corroborate.map((v: { id: string }) => v.id);
    assert.deepEqual(views, ['corroborate.sources', 'corroborate.quantities', 'corroborate.quotes', 'corroborate.claims']);
    await vscode.commands.executeCommand('workbench.view.extension.corroborate');
    await vscode.commands.executeCommand('corroborate.sources.focus');
  });

  it('Sources lists every sample outlet with its date, and a click opens the article', async () => {
    const nodes = await nodesOf(api.views.sources, 'the Sources view to list sources');
    for (const outlet of OUTLETS) assert.ok(nodes.some((n) => n.label === outlet), `${outlet} in ${nodes.map((n) => n.label).join(', ')}`);
    const harbour = nodes.find((n) => n.label === 'The Harbour Post')!;
    assert.match(harbour.description ?? '', /^2026-03-04 · 22 annotations/);
    const item = api.views.sources.getTreeItem(harbour);
    assert.equal(item.command?.command, 'corroborate.openLocation');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('/harbour-post.txt'), 10_000, 'harbour-post.txt to open');
  });

  it('Quantities lists every sample quantity with its figures by claimant and outlet, disagreement marked', async () => {
    const nodes = await nodesOf(api.views.quantities, 'the Quantities view');
    for (const label of quantityLabels) assert.ok(nodes.some((n) => n.label === label), `${label} in the Quantities view`);
    // The copy of the samples has two dossiers (broken/ too): take the main one's.
    const strikers = nodes.find((n) => n.label === 'Workers on strike' && !n.id.includes('/broken/'))!;
    assert.equal(strikers.description, '3 outlets · 2 claimants · 5,000–12,000 workers');
    assert.equal(strikers.icon?.id, 'error');
    const figure = nodes.find((n) => n.label === '“5,000 workers”')!;
    assert.match(figure.description ?? '', /The Harbour Post/);
    const item = api.views.quantities.getTreeItem(figure);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('/harbour-post.txt') && e.document.getText(e.selection) === '5,000 workers' ? e : undefined;
    }, 10_000, 'the figure’s words to be selected in harbour-post.txt');
    assert.ok(editor);
  });

  it('Quotes and Claims show the misattributed quote and the contested claim', async () => {
    const quotes = await nodesOf(api.views.quotes, 'the Quotes view');
    const ortega = quotes.find((n) => n.label === 'No negotiation while a single crane stands idle');
    assert.equal(ortega?.icon?.id, 'error');
    const claims = await nodesOf(api.views.claims, 'the Claims view');
    const legal = claims.find((n) => n.label === 'The strike is legal');
    assert.equal(legal?.description, '1 assert · 3 deny · 1 question');
  });

  it('the comparison panel opens and shows every quantity and outlet; a click opens the exact words', async () => {
    await vscode.commands.executeCommand('corroborate.compare', workspaceUri('harbour-post.txt'));
    await waitFor(() => api.panel.isOpen && api.panel.html.includes('<svg class="plot"'), 30_000, 'the comparison panel to render');
    const html = api.panel.html;
    for (const label of quantityLabels) assert.ok(html.includes(escapeHtml(label)), `${label} in the panel`);
    for (const outlet of OUTLETS) assert.ok(html.includes(escapeHtml(outlet)), `${outlet} in the panel`);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src [^;]+ 'nonce-[^']+'; script-src 'nonce-[^']+';"/);
    // What a click on the first mark of the first plot does.
    const first = Number(html.match(/<circle [^>]*data-loc="(\d+)"/)![1]);
    await api.panel.openLocation(first);
    await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith('.txt') && !e.selection.isEmpty;
    }, 10_000, 'an article to open with the figure selected');
  });

  it('typing in a companion redraws the report views once, after the typing stops, not at each keystroke', async () => {
    const { doc, editor } = await openDoc('harbour-post.ann.yaml');
    await nodesOf(api.views.quantities, 'the Quantities view');
    // Whatever the opening brought is over once the corpus has settled.
    await new Promise((r) => setTimeout(r, 2000));
    const redrawn: number[] = [];
    const start = Date.now();
    const counting = api.views.quantities.onDidChangeTreeData(() => redrawn.push(Date.now() - start));
    try {
      // Eight keystrokes 120 ms apart at the end of the source's title (each changes the corpus).
      const end = doc.lineAt(positionOf(doc, 'title: Port authority').line).range.end;
      for (let i = 0; i < 8; i++) {
        assert.ok(await editor.edit((b) => b.insert(end.translate(0, i), 'x')), 'the edit was applied');
        await new Promise((r) => setTimeout(r, 120));
      }
      const typed = Date.now() - start;
      assert.deepEqual(redrawn, [], 'redrawn while typing');
      await waitFor(() => redrawn.length > 0, 10_000, 'the Quantities view to be redrawn after the typing');
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(redrawn.length, 1, `redrawn at ${redrawn.join(', ')} ms (typing ended at ${typed} ms)`);
      assert.ok(redrawn[0]! >= typed, `redrawn at ${redrawn[0]} ms, before the typing ended at ${typed} ms`);
    } finally {
      counting.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.ok(!doc.getText().includes('xxxxxxxx'), 'the companion is back as it was');
  });

  it('a comparison panel hidden by another tab is not redrawn after changes, and is brought up to date when shown again', async () => {
    await vscode.commands.executeCommand('corroborate.compare', workspaceUri('harbour-post.txt'));
    await waitFor(() => api.panel.isVisible && api.panel.html.includes('<svg class="plot"'), 30_000, 'the comparison panel to show');
    // The companion opened in the panel's own column hides it.
    const doc = await vscode.workspace.openTextDocument(workspaceUri('harbour-post.ann.yaml'));
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: api.panel.viewColumn, preview: false });
    await waitFor(() => !api.panel.isVisible, 10_000, 'the panel to be hidden');
    await new Promise((r) => setTimeout(r, 1500));
    const before = api.panel.renders;
    // A change, then its undoing, both left to settle while the panel is hidden.
    const end = doc.lineAt(positionOf(doc, 'title: Port authority').line).range.end;
    assert.ok(await editor.edit((b) => b.insert(end, ' (updated)')));
    await new Promise((r) => setTimeout(r, 2000));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(api.panel.renders, before, 'redrawn while hidden');
    assert.ok(!doc.isDirty && !doc.getText().includes('(updated)'), 'the companion is back as it was');
    // Closing the companion shows the panel again: drawn once, up to date.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => api.panel.isVisible, 10_000, 'the panel to show again');
    await waitFor(() => api.panel.renders > before, 10_000, 'the panel to be drawn again once shown');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(api.panel.renders, before + 1);
  });

  it('the status bar counts the anchors of a sample article', async () => {
    await openDoc('meridian-wire.txt');
    const text = await waitFor(() => api.statusBar.item.text.match(/^\$\(check\) \d+ placed · 0 drifted · 0 orphaned$/)?.[0], 30_000, 'the anchor status for meridian-wire.txt');
    console.log(`[integration] status bar: ${text}`);
    assert.equal(api.statusBar.item.command, 'corroborate.showProblems');
    assert.equal(api.statusBar.item.backgroundColor, undefined);
    await openDoc('dossier.yaml');
    await api.statusBar.update();
    assert.match(api.statusBar.item.text, /placed/); // hidden, the text stays
  });

  it('marks conflicting and contested words in the overview ruler', async () => {
    const { doc } = await openDoc('harbour-post.txt');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === 'figure-conflict'));
    const applied = await waitFor(() => {
      const a = api.decorations.applied.get(doc.uri.toString());
      return a && a.conflict.length && a.contested.length ? a : undefined;
    }, 10_000, 'decorations on harbour-post.txt');
    assert.ok(applied.conflict.some((r) => doc.getText(r) === '5,000 workers'));
  });

  it('shows CodeLenses above annotated figures', async () => {
    const uri = workspaceUri('harbour-post.txt');
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return found?.some((l) => l.command?.title === '3 outlets · 2 claimants · 5,000–12,000') ? found : undefined;
    }, 30_000, 'CodeLenses on harbour-post.txt');
    const lens = lenses.find((l) => l.command?.title.endsWith('5,000–12,000'))!;
    assert.equal(lens.command?.command, 'corroborate.showReferences');
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
  });

  it('“New dossier here” writes a skeleton once and never overwrites it', async () => {
    const folder = workspaceUri('new-event');
    await vscode.workspace.fs.createDirectory(folder);
    const created = await vscode.commands.executeCommand<vscode.Uri>('corroborate.newDossier', folder);
    assert.equal(created?.toString(), vscode.Uri.joinPath(folder, 'dossier.yaml').toString());
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created!));
    assert.match(text, /^# The dossier/);
    assert.match(text, /\nquantities:\n/);
    await vscode.workspace.fs.writeFile(created!, new TextEncoder().encode('title: Mine\n'));
    await vscode.commands.executeCommand('corroborate.newDossier', folder);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(created!)), 'title: Mine\n');
  });
});
