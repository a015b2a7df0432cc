// Reading across sources: the hover on a conflicting figure, go to definition
// from an article's words to the dossier, and find-all-references across the
// articles, through the commands VS Code's own UI calls.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, hoverText, openArticle, openDoc, positionOf, targetOf, waitFor, workspaceUri } from './helpers';

describe('navigation across sources', () => {
  let harbour: vscode.TextDocument;

  before(async () => {
    await activateExtension();
    harbour = await openArticle('harbour-post.txt');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hover on a conflicting figure shows the cross-source table with the other outlets and links', async () => {
    const at = positionOf(harbour, '5,000 workers', 0, 2);
    // The server answers once it has indexed the dossier: retry until there is a hover.
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', harbour.uri, at);
      return h.length > 0 ? h : undefined;
    }, 20_000, 'a hover on "5,000 workers"');
    const md = hovers.map(hoverText).join('\n');
    console.log(`[integration] hover on "5,000 workers":\n${md.split('\n').map((l) => `    ${l}`).join('\n')}`);
    assert.match(md, /Workers on strike/, 'the quantity label from the dossier');
    assert.match(md, /Conflict/, 'the verdict');
    assert.match(md, /National Dockworkers' Union/, 'the other claimant');
    assert.match(md, /Meridian Wire/, 'another outlet');
    assert.match(md, /Crónica de Almará/, 'a third outlet');
    assert.match(md, /\]\(file:\/\/[^)]*meridian-wire\.txt#L\d+,\d+\)/, 'a link to the span in another article');
    // The hover's range is the annotated words.
    const withRange = hovers.find((h) => h.range);
    assert.ok(withRange?.range, 'the hover has a range');
    assert.equal(harbour.getText(withRange.range), '5,000 workers');
  });

  it('go to definition from an article span lands on the dossier key', async () => {
    const dossier = (await openDoc('dossier.yaml')).doc;
    harbour = await openArticle('harbour-post.txt');
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      harbour.uri,
      positionOf(harbour, '5,000 workers', 0, 3),
    );
    const found = defs.map(targetOf);
    const described = found.map((t) => `${vscode.workspace.asRelativePath(t.uri)}:${t.range.start.line + 1} ${dossier.getText(t.range)}`);
    console.log(`[integration] definitions of "5,000 workers": ${described.join('; ')}`);
    for (const t of found) assert.equal(t.uri.toString(), workspaceUri('dossier.yaml').toString(), `every definition is in the dossier: ${described.join('; ')}`);
    // The figure's quantity, and its claimant (harbour-post#f1 has both).
    const key = positionOf(dossier, '  strikers:', 0, 2);
    const strikers = found.find((t) => dossier.getText(t.range) === 'strikers');
    assert.ok(strikers, `the quantity key among: ${described.join('; ')}`);
    assert.equal(strikers.range.start.line, key.line, `on the line of "strikers:" (${key.line + 1})`);
    assert.ok(found.some((t) => dossier.getText(t.range) === 'port-authority'), `the claimant key among: ${described.join('; ')}`);

    // From a person's name: the entity key.
    const fromName = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      harbour.uri,
      positionOf(harbour, 'Inés Calvo', 0, 1),
    );
    assert.equal(fromName.length, 1);
    assert.equal(dossier.getText(targetOf(fromName[0]).range), 'ines-calvo');
  });

  it('find all references from a figure lists the same quantity in several articles', async () => {
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', harbour.uri, positionOf(harbour, '5,000 workers', 0, 3));
    const files = refs.map((r) => vscode.workspace.asRelativePath(r.uri)).sort();
    console.log(`[integration] references of strikers: ${files.join(', ')}`);
    for (const f of ['harbour-post.txt', 'meridian-wire.txt', 'cronica-almara.txt']) assert.ok(files.includes(f), `${f} among ${files.join(', ')}`);
    // Each article reference is the annotated words there.
    const meridian = await vscode.workspace.openTextDocument(workspaceUri('meridian-wire.txt'));
    const inMeridian = refs.filter((r) => r.uri.path.endsWith('/meridian-wire.txt')).map((r) => meridian.getText(r.range)).sort();
    assert.deepEqual(inMeridian, ['12,000', '8,000']);
    const cronica = await vscode.workspace.openTextDocument(workspaceUri('cronica-almara.txt'));
    const inCronica = refs.filter((r) => r.uri.path.endsWith('/cronica-almara.txt')).map((r) => cronica.getText(r.range));
    assert.equal(inCronica.length, 1);
    assert.match(inCronica[0], /12,000/);
  });
});
