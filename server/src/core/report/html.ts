/**
 * The report as one self-contained HTML file a journalist can attach to an
 * email: inline CSS and SVG dot plots (one row per claimant, one mark per
 * outlet, the reading's interval drawn as a bar), no script, no network.
 */
import { formatNumber } from '../features/markdown';
import type { Report, ReportFigure, ReportQuantity } from './model';

export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export interface DotPlotOptions {
  /** How a mark is painted (default: `stroke`/`fill` with `colourOf(outlet)`); must return escaped attributes. */
  readonly paint?: (outlet: string, shape: 'interval' | 'point') => string;
  /** Extra attributes for a figure's marks (e.g. `data-loc="3" tabindex="0"`); must return escaped attributes. */
  readonly markAttributes?: (figure: ReportFigure) => string;
}

/** A dot plot of one quantity: rows are claimants, marks are outlets. */
export function dotPlot(q: ReportQuantity, colourOf: (outlet: string) => string, options: DotPlotOptions = {}): string {
  const paint = options.paint ?? ((outlet, shape) => (shape === 'point' ? `fill="${colourOf(outlet)}"` : `stroke="${colourOf(outlet)}"`));
  const extra = (f: ReportFigure) => (options.markAttributes ? ` ${options.markAttributes(f)}` : '');
  const finite = q.figures.flatMap((f) => [f.low, f.high, f.value]).filter((v): v is number => v !== null && Number.isFinite(v));
  if (!finite.length) return '';
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.08;
  lo = Math.max(lo - pad, Math.min(...finite) >= 0 ? 0 : -Infinity);
  hi += pad;
  const claimants = [...new Set(q.figures.map((f) => f.claimant))];
  const left = 190;
  const width = 720;
  const rowH = 28;
  const top = 10;
  const height = top + claimants.length * rowH + 30;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - 20);
  const parts: string[] = [];
  claimants.forEach((c, row) => {
    const y = top + row * rowH + rowH / 2;
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end" class="label">${html(c.length > 28 ? c.slice(0, 27) + '…' : c)}</text>`);
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y}" y2="${y}" class="grid"/>`);
    const figs = q.figures.filter((f) => f.claimant === c);
    figs.forEach((f, k) => {
      const dy = (k - (figs.length - 1) / 2) * 6;
      const a = f.low === null ? lo : Math.max(lo, f.low);
      const b = f.high === null ? hi : Math.min(hi, f.high);
      const title = `<title>${html(`${f.outlet}: “${f.written}” (${f.claimant})`)}</title>`;
      if (b > a) parts.push(`<line x1="${x(a)}" x2="${x(b)}" y1="${y + dy}" y2="${y + dy}" ${paint(f.outlet, 'interval')} stroke-width="4" stroke-opacity="0.45" stroke-linecap="round"${extra(f)}>${title}</line>`);
      if (f.value !== null) parts.push(`<circle cx="${x(f.value)}" cy="${y + dy}" r="5" ${paint(f.outlet, 'point')}${extra(f)}>${title}</circle>`);
    });
  });
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const v = lo + ((hi - lo) * i) / ticks;
    const tx = x(v);
    parts.push(`<text x="${tx}" y="${height - 8}" text-anchor="middle" class="tick">${html(formatNumber(Math.round(v * 100) / 100))}</text>`);
  }
  return `<svg class="plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${html(q.label)}">${parts.join('')}</svg>`;
}

export function reportHtml(report: Report): string {
  const outlets = [...new Set(report.scopes.flatMap((s) => s.sources.map((x) => x.outlet)))];
  const colourOf = (o: string) => PALETTE[Math.max(0, outlets.indexOf(o)) % PALETTE.length];
  const body: string[] = [];
  for (const scope of report.scopes) {
    body.push(`<h1>${html(scope.title ?? scope.dossier ?? 'Sources')}</h1>`);
    body.push(
      `<table><tr><th>Outlet</th><th>Published</th><th>Article</th><th>Annotations</th></tr>${scope.sources
        .map((s) => `<tr><td><span class="swatch" style="background:${colourOf(s.outlet)}"></span>${html(s.outlet)}</td><td>${html(s.published ?? '')}</td><td>${html(s.file)}</td><td>${s.annotations}</td></tr>`)
        .join('')}</table>`,
    );
    body.push('<h2>Quantities</h2>');
    for (const q of scope.quantities) {
      body.push(`<section class="${q.verdict}"><h3>${html(q.label)} <span class="verdict">${html(q.verdict)}</span></h3>`);
      body.push(dotPlot(q, colourOf));
      body.push(
        `<table><tr><th>Claimant</th><th>As written</th><th>Outlet</th><th>As of</th><th>Where</th><th>Findings</th></tr>${q.figures
          .map((f) => `<tr><td>${html(f.claimant)}</td><td>“${html(f.written)}”</td><td>${html(f.outlet)}</td><td>${html(f.asOf ?? f.published?.slice(0, 10) ?? '')}</td><td>${html(f.file)}${f.line ? `:${f.line}` : ''}</td><td>${html(f.findings.join(', '))}</td></tr>`)
          .join('')}</table></section>`,
      );
    }
    body.push('<h2>Quotes</h2>');
    for (const q of scope.quotes) {
      body.push(
        `<section class="${q.verdict}"><h3>${html(q.label)} <span class="verdict">${html(q.verdict)}</span></h3><table><tr><th>Outlet</th><th>Speaker</th><th>Words</th><th>Findings</th></tr>${q.sources
          .map((s) => `<tr><td>${html(s.outlet)}</td><td>${html(s.speaker ?? '—')}</td><td>“${html(s.words)}”</td><td>${html(s.findings.join(', '))}</td></tr>`)
          .join('')}</table></section>`,
      );
    }
    body.push('<h2>Claims</h2>');
    for (const c of scope.claims) {
      body.push(
        `<section class="${c.verdict}"><h3>${html(c.label)} <span class="verdict">${html(c.verdict)}</span></h3><table><tr><th>Claimant</th><th>Stance</th><th>Outlet</th></tr>${c.stances
          .map((s) => `<tr><td>${html(s.claimant)}</td><td class="stance-${html(s.stance)}">${html(s.stance)}</td><td>${html(s.outlet)}</td></tr>`)
          .join('')}</table></section>`,
      );
    }
  }
  const title = report.scopes[0]?.title ?? 'Corroborate report';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${html(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;padding:0 1em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.verdict{font-size:.75em;padding:.1em .5em;border-radius:.8em;background:#e8e8e8;vertical-align:middle}
.conflict .verdict,.misattributed .verdict{background:#fbd5d5}.contested .verdict,.divergent .verdict{background:#fdecc8}.agree .verdict{background:#d7f0d7}
.plot .label{font-size:12px}.plot .tick{font-size:11px;fill:#666}.plot .grid{stroke:#ddd}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.4em}
.stance-denies{color:#b00}.stance-asserts{color:#070}
</style></head><body>
${body.join('\n')}
<footer><p>Made with Corroborate.</p></footer>
</body></html>
`;
}
