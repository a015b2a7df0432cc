/** The report as Markdown: one section per scope, tables per quantity, quote and claim. */
import { count, esc, formatNumber, table } from '../features/markdown';
import type { Report, ReportFigure, ReportLocation } from './model';

const VERDICT: Record<string, string> = {
  conflict: '⚠ conflict (same claimant, different figures)',
  contested: '◆ contested between claimants',
  misattributed: '⚠ misattributed',
  divergent: '◆ worded differently',
  agree: '✓ agree',
};

function where(l: ReportLocation): string {
  return `${esc(l.file)}${l.line ? `:${l.line}` : ''}`;
}

function range(f: ReportFigure): string {
  if (f.low === null && f.high === null) return f.value === null ? '—' : formatNumber(f.value);
  if (f.low === f.high && f.low !== null) return formatNumber(f.low);
  if (f.low === null || f.low <= 0) return `≤ ${formatNumber(f.high ?? 0)}`;
  if (f.high === null) return `≥ ${formatNumber(f.low)}`;
  return `${formatNumber(f.low)}–${formatNumber(f.high)}`;
}

export function reportMarkdown(report: Report): string {
  const out: string[] = [];
  for (const scope of report.scopes) {
    out.push(`# ${esc(scope.title ?? scope.dossier ?? 'Sources')}`);
    out.push(
      table(
        ['Outlet', 'Published', 'Article', 'Annotations'],
        scope.sources.map((s) => [esc(s.outlet), esc(s.published ?? ''), esc(s.file), String(s.annotations)]),
      ),
    );
    out.push('## Quantities');
    if (!scope.quantities.length) out.push('No figure is tied to a quantity.');
    for (const q of scope.quantities) {
      const spread = q.min === null ? '' : ` · spread ${formatNumber(q.min!)}–${formatNumber(q.max!)}`;
      out.push(`### ${esc(q.label)}\n\n${VERDICT[q.verdict]} · ${count(q.figures.length, 'figure')}, ${count(q.outlets, 'outlet')}, ${count(q.claimants, 'claimant')}${spread}`);
      out.push(
        table(
          ['Claimant', 'As written', 'Reading', 'Outlet', 'As of', 'Where', 'Findings'],
          q.figures.map((f) => [esc(f.claimant), `“${esc(f.written)}”`, range(f) + (f.unit ? ` ${esc(f.unit)}` : ''), esc(f.outlet), esc(f.asOf ?? f.published?.slice(0, 10) ?? ''), where(f), f.findings.join(', ')]),
        ),
      );
    }
    out.push('## Quotes');
    if (!scope.quotes.length) out.push('No quote is reported by more than one source.');
    for (const q of scope.quotes) {
      out.push(`### ${esc(q.label)}\n\n${VERDICT[q.verdict]} · speakers: ${q.speakers.map(esc).join(', ')}`);
      out.push(table(['Outlet', 'Speaker', 'Words', 'Where', 'Findings'], q.sources.map((s) => [esc(s.outlet), esc(s.speaker ?? '—'), `“${esc(s.words)}”`, where(s), s.findings.join(', ')])));
    }
    out.push('## Claims');
    if (!scope.claims.length) out.push('No claim is annotated.');
    for (const c of scope.claims) {
      out.push(`### ${esc(c.label)}\n\n${c.verdict === 'contested' ? '◆ contested' : '✓ not contested'}`);
      out.push(table(['Claimant', 'Stance', 'Outlet', 'Where'], c.stances.map((s) => [esc(s.claimant), s.stance, esc(s.outlet), where(s)])));
    }
  }
  return out.join('\n\n') + '\n';
}
