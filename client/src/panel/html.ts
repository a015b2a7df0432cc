/**
 * The comparison panel's HTML for one scope (a dossier's sources): a dot plot
 * per quantity (rows: claimants, marks: outlets, each reading's interval
 * drawn), a quote table with word diffs, and a claims matrix (claimants ×
 * claims → stance). Pure, for unit tests: no `vscode` import.
 *
 * Safety: every string that comes from a user's files goes through `html()`;
 * no URL from a file is ever written into the page (a click posts only the
 * index of a location the extension keeps). The page runs under a strict
 * CSP with a nonce, loads nothing remote, and takes its colours from the
 * theme's CSS variables.
 */
import { dotPlot, html } from '../../../server/src/core/report/html';
import type { Range } from '../../../server/src/core/model';
import type { ReportScope } from '../../../server/src/core/report/model';
import { spread } from '../views/model';

export interface PanelLocation {
  readonly uri: string;
  readonly range?: Range;
}

export interface PanelPage {
  readonly html: string;
  /** What `data-loc="N"` in the page opens. */
  readonly locations: readonly PanelLocation[];
}

export interface PanelOptions {
  /** A fresh random token per page for the CSP. */
  readonly nonce: string;
  /** The webview's `cspSource`. */
  readonly cspSource: string;
}

/** The message the page posts when a mark or row is clicked. */
export interface OpenMessage {
  readonly type: 'open';
  readonly loc: number;
}

export function isOpenMessage(m: unknown): m is OpenMessage {
  return typeof m === 'object' && m !== null && (m as OpenMessage).type === 'open' && Number.isInteger((m as OpenMessage).loc);
}

/** Theme colours for up to ten outlets (VS Code's chart palette, then editor colours). */
const OUTLET_COLOURS = [
  'var(--vscode-charts-blue)',
  'var(--vscode-charts-red)',
  'var(--vscode-charts-green)',
  'var(--vscode-charts-purple)',
  'var(--vscode-charts-orange)',
  'var(--vscode-charts-yellow)',
  'var(--vscode-terminal-ansiCyan)',
  'var(--vscode-terminal-ansiMagenta)',
  'var(--vscode-charts-foreground)',
  'var(--vscode-terminal-ansiBrightBlack)',
];

export function panelHtml(scope: ReportScope | undefined, options: PanelOptions): PanelPage {
  const locations: PanelLocation[] = [];
  /** `data-loc` attributes for something that can be opened. */
  const loc = (r: { uri?: string; range?: Range }): string => {
    if (!r.uri) return '';
    locations.push({ uri: r.uri, range: r.range });
    return ` data-loc="${locations.length - 1}" tabindex="0" role="button"`;
  };
  const outlets = scope ? [...new Set(scope.sources.map((s) => s.outlet))] : [];
  const outletClass = (o: string) => `o${Math.max(0, outlets.indexOf(o)) % OUTLET_COLOURS.length}`;
  const badge = (verdict: string) => `<span class="verdict ${html(verdict)}">${html(verdict)}</span>`;

  const body: string[] = [];
  if (!scope) {
    body.push('<p class="empty">No annotated sources here yet. Annotate an article (a selection’s “Annotate” action) or open a folder with a <code>dossier.yaml</code>.</p>');
  } else {
    body.push(`<h1>${html(scope.title ?? scope.dossier ?? 'Sources')}</h1>`);
    body.push(
      `<ul class="legend">${scope.sources
        .map((s) => `<li${loc({ uri: s.uri })}><span class="swatch ${outletClass(s.outlet)}"></span>${html(s.outlet)} <span class="muted">${html(s.published?.slice(0, 10) ?? '')}</span></li>`)
        .join('')}</ul>`,
    );

    body.push('<h2>Quantities</h2>');
    if (!scope.quantities.length) body.push('<p class="muted">No figure is linked to a quantity yet.</p>');
    for (const q of scope.quantities) {
      body.push(`<section class="quantity"><h3>${html(q.label)} ${badge(q.verdict)} <span class="muted">${html(spread(q))}</span></h3>`);
      body.push(
        dotPlot(q, () => '', {
          paint: (outlet) => `class="mark ${outletClass(outlet)}"`,
          markAttributes: (f) => loc(f).trim(),
        }),
      );
      body.push(
        `<table><thead><tr><th>Claimant</th><th>As written</th><th>Outlet</th><th>As of</th><th>Findings</th></tr></thead><tbody>${q.figures
          .map(
            (f) =>
              `<tr${loc(f)}><td>${html(f.claimant)}</td><td>“${html(f.written)}”</td><td><span class="swatch ${outletClass(f.outlet)}"></span>${html(f.outlet)}</td><td>${html(f.asOf ?? f.published?.slice(0, 10) ?? '')}</td><td class="findings">${html(f.findings.join(', '))}</td></tr>`,
          )
          .join('')}</tbody></table></section>`,
      );
    }

    body.push('<h2>Quotes</h2>');
    if (!scope.quotes.length) body.push('<p class="muted">No quote is reported by more than one source.</p>');
    for (const q of scope.quotes) {
      body.push(
        `<section class="quote"><h3>${html(q.label)} ${badge(q.verdict)}</h3><table><thead><tr><th>Outlet</th><th>Attributed to</th><th>Words</th><th>Findings</th></tr></thead><tbody>${q.sources
          .map((s) => {
            const words = s.diff
              ? s.diff.map((p) => (p.op === 'added' ? `<ins>${html(p.text)}</ins>` : p.op === 'removed' ? `<del>${html(p.text)}</del>` : html(p.text))).join('')
              : html(s.words);
            const misattributed = s.findings.includes('quote-misattributed') ? ' class="flag"' : '';
            return `<tr${loc(s)}><td><span class="swatch ${outletClass(s.outlet)}"></span>${html(s.outlet)}</td><td${misattributed}>${html(s.speaker ?? '—')}</td><td class="words">“${words}”</td><td class="findings">${html(s.findings.join(', '))}</td></tr>`;
          })
          .join('')}</tbody></table></section>`,
      );
    }

    body.push('<h2>Claims</h2>');
    if (!scope.claims.length) body.push('<p class="muted">No claim is annotated yet.</p>');
    else body.push(claimsMatrix(scope, loc, badge));
  }

  const { nonce, cspSource } = options;
  const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${attribute(cspSource)} 'nonce-${attribute(nonce)}'; script-src 'nonce-${attribute(nonce)}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compare sources</title>
<style nonce="${html(nonce)}">${STYLE}${OUTLET_COLOURS.map((c, i) => `.o${i}.swatch{background:${c}}circle.o${i}{fill:${c}}line.o${i}{stroke:${c}}`).join('')}</style>
</head><body data-page="${attribute(scope?.dossier ?? '')}">
${body.join('\n')}
<script nonce="${html(nonce)}">${SCRIPT}</script>
</body></html>
`;
  return { html: page, locations };
}

/** Escapes what could end a double-quoted attribute (a CSP keeps its single quotes readable). */
function attribute(text: string): string {
  return text.replace(/[&"<>]/g, (c) => html(c));
}

function claimsMatrix(scope: ReportScope, loc: (r: { uri?: string; range?: Range }) => string, badge: (v: string) => string): string {
  const claimants = [...new Set(scope.claims.flatMap((c) => c.stances.map((s) => s.claimant)))].sort((a, b) => a.localeCompare(b));
  const head = `<tr><th>Claimant</th>${scope.claims.map((c) => `<th>${html(c.label)} ${badge(c.verdict)}</th>`).join('')}</tr>`;
  const rows = claimants.map((who) => {
    const cells = scope.claims.map((c) => {
      const stances = c.stances.filter((s) => s.claimant === who);
      if (!stances.length) return '<td class="none">—</td>';
      return `<td>${stances.map((s) => `<span class="stance ${html(s.stance)}"${loc(s)} title="${html(s.outlet)}">${html(s.stance)}</span> <span class="muted">${html(s.outlet)}</span>`).join('<br>')}</td>`;
    });
    return `<tr><th scope="row">${html(who)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

const STYLE = `
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:0 1.5em 2em;line-height:1.45}
h1{font-size:1.5em;font-weight:600}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid var(--vscode-panel-border);padding-bottom:.2em}h3{font-size:1em;margin:1.4em 0 .4em}
table{border-collapse:collapse;margin:.4em 0 1em;width:100%}td,th{border:1px solid var(--vscode-panel-border);padding:.25em .5em;text-align:left;vertical-align:top}
th{background:var(--vscode-editorWidget-background);font-weight:600}
[data-loc]{cursor:pointer}tr[data-loc]:hover,li[data-loc]:hover{background:var(--vscode-list-hoverBackground)}
[data-loc]:focus{outline:1px solid var(--vscode-focusBorder);outline-offset:1px}
.muted,.none{color:var(--vscode-descriptionForeground)}.findings{color:var(--vscode-descriptionForeground);font-size:.9em}
.verdict{font-size:.75em;padding:.1em .5em;border-radius:.8em;vertical-align:middle;border:1px solid var(--vscode-panel-border)}
.verdict.conflict,.verdict.misattributed{color:var(--vscode-errorForeground);border-color:var(--vscode-errorForeground)}
.verdict.contested,.verdict.divergent{color:var(--vscode-editorWarning-foreground);border-color:var(--vscode-editorWarning-foreground)}
.verdict.agree{color:var(--vscode-testing-iconPassed);border-color:var(--vscode-testing-iconPassed)}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em;vertical-align:baseline}
svg.plot{max-width:100%;height:auto;display:block}svg.plot .label{font-size:12px;fill:var(--vscode-foreground)}svg.plot .tick{font-size:11px;fill:var(--vscode-descriptionForeground)}svg.plot .grid{stroke:var(--vscode-panel-border)}
svg.plot .mark:hover{stroke-width:6}
ins{background:var(--vscode-diffEditor-insertedTextBackground);text-decoration:none}del{background:var(--vscode-diffEditor-removedTextBackground)}
.flag{color:var(--vscode-errorForeground);font-weight:600}
.stance.asserts{color:var(--vscode-testing-iconPassed)}.stance.denies{color:var(--vscode-errorForeground)}.stance.questions{color:var(--vscode-editorWarning-foreground)}
`;

/**
 * Posts the index of a clicked (or Enter-pressed) location; nothing else
 * leaves the page. Keeps where the page is scrolled to in the webview's
 * state, and scrolls back there when the page is drawn again for the same
 * dossier (the panel is redrawn whenever the corpus settles after a change,
 * and when it is shown again after being hidden).
 */
const SCRIPT = `(function(){const vscode=acquireVsCodeApi();
const page=document.body.getAttribute('data-page')||'';
const saved=vscode.getState();if(saved&&saved.page===page&&typeof saved.y==='number')window.scrollTo(0,saved.y);
let queued=false;window.addEventListener('scroll',function(){if(queued)return;queued=true;requestAnimationFrame(function(){queued=false;vscode.setState({page:page,y:window.scrollY});});});
function open(el){const t=el&&el.closest?el.closest('[data-loc]'):null;if(!t)return false;vscode.postMessage({type:'open',loc:Number(t.getAttribute('data-loc'))});return true;}
document.addEventListener('click',function(e){open(e.target);});
document.addEventListener('keydown',function(e){if((e.key==='Enter'||e.key===' ')&&open(e.target))e.preventDefault();});})();`;
