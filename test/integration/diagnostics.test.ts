// The Problems a user sees for the whole dossier without opening anything:
// every deliberate problem in broken/ at the line and with the code its
// README names, and the main samples' cross-source findings, on files that
// were never opened in an editor; and the marks an article shows on its
// words once opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, openArticle, openDocument, waitForAllDiagnostics, waitForDiagnostics, workspaceUri } from './helpers';

interface Expected {
  file: string;
  line: number; // 1-based, as in the README
  code: string;
  severity: vscode.DiagnosticSeverity;
}

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The table of broken/README.md (in the workspace copy): `| \`file\` | line | \`code\` | severity | why |`. */
async function expectedFromReadme(): Promise<Expected[]> {
  const readme = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('broken/README.md')));
  const rows: Expected[] = [];
  for (const m of readme.matchAll(/^\| `([^`]+)` \| (\d+) \| `([a-z-]+)` \| (\w+) \|/gm)) {
    rows.push({ file: `broken/${m[1]}`, line: Number(m[2]), code: m[3], severity: SEVERITY[m[4]] });
  }
  return rows;
}

const describeList = (ds: readonly vscode.Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).join(', ') || 'none';

describe('diagnostics for the whole dossier', () => {
  before(async () => {
    await activateExtension();
  });

  it('broken/: each README problem at its line with its code and severity, and nothing else', async () => {
    const expected = await expectedFromReadme();
    assert.equal(expected.length, 9, 'broken/README.md lists 9 problems');
    const files = [...new Set(expected.map((e) => e.file))];
    for (const file of files) {
      const uri = workspaceUri(file);
      const want = expected.filter((e) => e.file === file);
      const wantKey = want.map((e) => `${e.line}:${e.code}`).sort().join(', ');
      const got = await waitForDiagnostics(uri, (ds) => ds.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort().join(', ') === wantKey);
      for (const e of want) {
        const d = got.find((x) => codeOf(x) === e.code)!;
        assert.equal(d.severity, e.severity, `${file}:${e.line} ${e.code}: severity`);
        assert.equal(d.source, 'corroborate');
        assert.ok(d.message.length > 0);
      }
    }
    // The dossier of broken/ is clean. A closed article shows none of its
    // companion's problems: the Problems panel lists each once, on its
    // annotation (corroborate.diagnostics.articleMarks: whenOpen).
    assert.deepEqual(vscode.languages.getDiagnostics(workspaceUri('broken/dossier.yaml')), [], 'broken/dossier.yaml has no problems');
    const nightShift = workspaceUri('broken/night-shift.txt');
    assert.equal(openDocument(nightShift), undefined, 'broken/night-shift.txt should not be open yet');
    assert.deepEqual(vscode.languages.getDiagnostics(nightShift), [], 'a closed article has no marks');
    // Opened, an article shows them on the annotated words (pointing back at
    // the annotation), and nothing of its own.
    for (const name of ['gate-blockade', 'night-shift']) {
      const companion = `broken/${name}.ann.yaml`;
      const own = new Set(expected.filter((e) => e.file === companion).map((e) => e.code));
      const article = await openArticle(`broken/${name}.txt`);
      const marks = await waitForDiagnostics(article.uri, (ds) => ds.length > 0);
      for (const d of marks) {
        assert.ok(own.has(codeOf(d)), `broken/${name}.txt:${d.range.start.line + 1} ${codeOf(d)} is one of ${companion}'s problems`);
        assert.ok(d.relatedInformation?.some((r) => r.location.uri.path.endsWith(`/${name}.ann.yaml`)), `broken/${name}.txt ${codeOf(d)} points at its annotation`);
      }
    }
    // On the ambiguous words, both occurrences are marked in the article.
    const ambiguous = vscode.languages.getDiagnostics(workspaceUri('broken/gate-blockade.txt')).filter((d) => codeOf(d) === 'anchor-ambiguous');
    assert.equal(ambiguous.length, 2, 'both occurrences of "the main gate"');
    const total = vscode.languages
      .getDiagnostics()
      .filter(([u]) => u.path.includes('/broken/') && u.path.endsWith('.ann.yaml'))
      .reduce((n, [, ds]) => n + ds.length, 0);
    assert.equal(total, 9, 'Problems for the companions of broken/: 9 in all');
  });

  it('problems are reported for files that are not open in any editor', () => {
    // No test opens these: they are found by the server's workspace scan.
    for (const file of ['broken/night-shift.ann.yaml', 'broken/missing-article.ann.yaml', 'broken/bad-syntax.ann.yaml']) {
      const uri = workspaceUri(file);
      assert.equal(openDocument(uri), undefined, `${file} should not be open`);
      assert.ok(vscode.languages.getDiagnostics(uri).length > 0, `${file} has its problem although closed`);
    }
  });

  it('the yaml-syntax error points at the stray text (line 17, column 32)', () => {
    const [d] = vscode.languages.getDiagnostics(workspaceUri('broken/bad-syntax.ann.yaml'));
    assert.equal(codeOf(d), 'yaml-syntax');
    assert.deepEqual([d.range.start.line + 1, d.range.start.character + 1], [17, 32]);
  });

  it('samples/: the 14 cross-source findings of the README, with their counterparts as related information', async () => {
    const want: Record<string, number> = { 'figure-conflict': 2, 'figure-contested': 4, 'quote-misattributed': 1, 'quote-divergent': 2, 'claim-contested': 5 };
    const companions = ['meridian-wire', 'harbour-post', 'cronica-almara', 'tidewater-shipping', 'continental-dispatch'].map((n) => workspaceUri(`${n}.ann.yaml`));
    const count = () => {
      const seen: Record<string, number> = {};
      for (const uri of companions) for (const d of vscode.languages.getDiagnostics(uri)) seen[codeOf(d)] = (seen[codeOf(d)] ?? 0) + 1;
      return seen;
    };
    const key = (o: Record<string, number>) => JSON.stringify(Object.entries(o).sort());
    await waitForAllDiagnostics(() => key(count()) === key(want), 30_000, 'the 14 cross-source findings', () => key(count()));
    // harbour-post#f1 (5,000) conflicts with meridian-wire#f2 (8,000): the related information points there.
    const harbour = vscode.languages.getDiagnostics(workspaceUri('harbour-post.ann.yaml'));
    const conflict = harbour.filter((d) => codeOf(d) === 'figure-conflict');
    assert.equal(conflict.length, 1, describeList(harbour));
    assert.equal(conflict[0].severity, vscode.DiagnosticSeverity.Warning);
    const related = conflict[0].relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri.path.endsWith('/meridian-wire.ann.yaml') || r.location.uri.path.endsWith('/meridian-wire.txt')),
      `related information points at Meridian Wire: ${related.map((r) => vscode.workspace.asRelativePath(r.location.uri)).join(', ')}`,
    );
    // And the main samples have none of the per-file codes.
    for (const uri of companions) {
      const bad = vscode.languages.getDiagnostics(uri).filter((d) => !(codeOf(d) in want));
      assert.deepEqual(bad.map(codeOf), [], vscode.workspace.asRelativePath(uri));
    }
  });
});
