/**
 * What the Sources, Quantities, Quotes and Claims views show, shaped from the
 * server's answers (`corroborate/sources` and `corroborate/report`) into
 * plain tree nodes. Pure: no `vscode` import, so it is unit-tested in Node;
 * views/trees.ts turns nodes into TreeItems. No analysis happens here: the
 * verdicts, findings and numbers all come from the server.
 */
import type { ReportClaim, ReportFigure, ReportQuantity, ReportQuote, ReportScope, Report } from '../../../server/src/core/report/model';
import type { Range } from '../../../server/src/core/model';
import type { AnchorHealth, SourceSummary } from '../../../server/src/lsp/protocol';
import { findingClass } from '../../../server/src/core/crossSource/findingClass';
import { formatNumber } from '../../../server/src/core/features/markdown';

/** A codicon and, optionally, the theme colour to paint it. */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

export interface ViewNode {
  /** Unique within its view and stable across refreshes (keeps expansion state). */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: NodeIcon;
  /** What a click opens. */
  readonly open?: { readonly uri: string; readonly range?: Range };
  readonly children?: readonly ViewNode[];
}

export const ICONS = {
  conflict: { id: 'error', color: 'problemsErrorIcon.foreground' },
  contested: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  agree: { id: 'pass', color: 'testing.iconPassed' },
  info: { id: 'info', color: 'problemsInfoIcon.foreground' },
} as const satisfies Record<string, NodeIcon>;

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

function verdictIcon(verdict: string): NodeIcon {
  if (verdict === 'conflict' || verdict === 'misattributed') return ICONS.conflict;
  if (verdict === 'contested' || verdict === 'divergent') return ICONS.contested;
  return ICONS.agree;
}

/** Finding codes on one reading → the icon that marks it (or undefined when it has none). */
export function findingIcon(findings: readonly string[]): NodeIcon | undefined {
  const classes = findings.map(findingClass);
  if (classes.includes('conflict')) return ICONS.conflict;
  if (classes.includes('contested')) return ICONS.contested;
  return undefined;
}

function openOf(r: { uri?: string; range?: Range }): ViewNode['open'] {
  return r.uri ? { uri: r.uri, range: r.range } : undefined;
}

/** One view's nodes for every scope: flat for one scope, one group per dossier for several. */
export function byScope(report: Report, nodes: (scope: ReportScope, prefix: string) => ViewNode[]): ViewNode[] {
  if (report.scopes.length === 1) return nodes(report.scopes[0], '');
  return report.scopes.map((scope, i) => {
    const prefix = `${scope.dossier ?? `scope${i}`}/`;
    return {
      id: prefix,
      label: scope.title ?? scope.dossier ?? 'Sources without a dossier',
      description: plural(scope.sources.length, 'source'),
      icon: { id: 'folder' },
      children: nodes(scope, prefix),
    };
  });
}

// ---------------------------------------------------------------------------
// Sources

function problemsText(p: SourceSummary['problems']): string {
  const parts = [p.error && plural(p.error, 'error'), p.warning && plural(p.warning, 'warning')].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no problems';
}

export function sourceNode(s: SourceSummary): ViewNode {
  const id = s.companionUri;
  const kinds = Object.entries(s.kinds)
    .map(([kind, n]) => plural(n ?? 0, kind))
    .join(' · ');
  const a = s.anchors;
  const anchors = `${a.placed + a.moved} placed · ${a.drifted} drifted · ${a.ambiguous} ambiguous · ${a.orphaned} orphaned`;
  const icon = s.problems.error ? ICONS.conflict : s.problems.warning ? ICONS.contested : { id: 'file-text' };
  return {
    id,
    label: s.outlet,
    description: [s.published?.slice(0, 10), plural(s.annotations, 'annotation'), problemsText(s.problems)].filter(Boolean).join(' · '),
    tooltip: [s.title, s.published, kinds || 'no annotations', `anchors: ${anchors}`, problemsText(s.problems), s.articleExists ? undefined : 'the article file is missing'].filter(Boolean).join('\n'),
    icon,
    open: { uri: s.articleExists ? s.articleUri : s.companionUri },
    children: [
      { id: `${id}#kinds`, label: kinds || 'no annotations', icon: { id: 'tag' } },
      { id: `${id}#anchors`, label: anchors, icon: a.drifted + a.orphaned + a.ambiguous ? ICONS.contested : { id: 'pinned' } },
      { id: `${id}#companion`, label: 'Annotations', description: s.companionUri.split('/').pop(), icon: { id: 'go-to-file' }, open: { uri: s.companionUri } },
    ],
  };
}

/** Sources grouped by dossier when there are several. */
export function sourceNodes(sources: readonly SourceSummary[]): ViewNode[] {
  const groups = new Map<string, SourceSummary[]>();
  for (const s of sources) {
    const key = s.dossierUri ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  if (groups.size <= 1) return sources.map(sourceNode);
  return [...groups].map(([dossier, list]) => ({
    id: `dossier:${dossier}`,
    label: list[0].dossierTitle ?? (dossier ? dossier.split('/').slice(-2, -1)[0] : 'Sources without a dossier'),
    description: plural(list.length, 'source'),
    icon: { id: 'folder' },
    open: dossier ? { uri: dossier } : undefined,
    children: list.map(sourceNode),
  }));
}

// ---------------------------------------------------------------------------
// Quantities

export function spread(q: Pick<ReportQuantity, 'min' | 'max' | 'unit'>): string {
  if (q.min === null || q.max === null) return 'no values';
  const range = q.min === q.max ? formatNumber(q.min) : `${formatNumber(q.min)}–${formatNumber(q.max)}`;
  return q.unit ? `${range} ${q.unit}` : range;
}

const VERDICT_TEXT: Record<string, string> = {
  conflict: 'a claimant is reported with incompatible figures',
  contested: 'claimants disagree',
  agree: 'the figures agree',
  misattributed: 'attributed to different speakers',
  divergent: 'worded differently',
};

function figureNode(f: ReportFigure, id: string): ViewNode {
  return {
    id,
    label: `“${f.written}”`,
    description: [f.outlet, f.asOf ? `as of ${f.asOf}` : undefined].filter(Boolean).join(' · '),
    tooltip: [`${f.outlet}: “${f.written}” (${f.claimant})`, `read as ${f.approx} ${f.value === null ? '?' : formatNumber(f.value)}${f.unit ? ` ${f.unit}` : ''}`, f.findings.join(', ')]
      .filter(Boolean)
      .join('\n'),
    icon: findingIcon(f.findings) ?? { id: 'circle-small-filled' },
    open: openOf(f),
  };
}

export function quantityNode(q: ReportQuantity, prefix = ''): ViewNode {
  const id = `${prefix}quantity:${q.key}`;
  const claimants = [...new Set(q.figures.map((f) => f.claimant))];
  return {
    id,
    label: q.label,
    description: `${plural(q.outlets, 'outlet')} · ${plural(q.claimants, 'claimant')} · ${spread(q)}`,
    tooltip: `${q.label}: ${VERDICT_TEXT[q.verdict] ?? q.verdict}`,
    icon: verdictIcon(q.verdict),
    children: claimants.map((c) => {
      const figures = q.figures.filter((f) => f.claimant === c);
      const marked = figures.map((f) => findingIcon(f.findings)).find(Boolean);
      return {
        id: `${id}/${c}`,
        label: c,
        description: figures.map((f) => f.written).join(' · '),
        icon: marked ?? { id: 'person' },
        children: figures.map((f, i) => figureNode(f, `${id}/${c}/${i}:${f.annotation}`)),
      };
    }),
  };
}

export function quantityNodes(report: Report): ViewNode[] {
  return byScope(report, (scope, prefix) => scope.quantities.map((q) => quantityNode(q, prefix)));
}

// ---------------------------------------------------------------------------
// Quotes

export function quoteNode(q: ReportQuote, prefix = ''): ViewNode {
  const id = `${prefix}quote:${q.key ?? q.sources[0]?.annotation ?? q.label}`;
  return {
    id,
    label: q.label,
    description: `${plural(new Set(q.sources.map((s) => s.outlet)).size, 'outlet')} · ${q.speakers.join(', ')}`,
    tooltip: `${q.label}: ${VERDICT_TEXT[q.verdict] ?? 'the same words and speaker'}`,
    icon: verdictIcon(q.verdict),
    children: q.sources.map((s, i) => ({
      id: `${id}/${i}:${s.annotation}`,
      label: s.outlet,
      description: `${s.speaker ?? 'unattributed'} — “${s.words}”`,
      tooltip: `${s.outlet}, attributed to ${s.speaker ?? 'nobody'}:\n“${s.words}”${s.findings.length ? `\n${s.findings.join(', ')}` : ''}`,
      icon: findingIcon(s.findings) ?? { id: 'quote' },
      open: openOf(s),
    })),
  };
}

export function quoteNodes(report: Report): ViewNode[] {
  return byScope(report, (scope, prefix) => scope.quotes.map((q) => quoteNode(q, prefix)));
}

// ---------------------------------------------------------------------------
// Claims

const STANCE_ICON: Record<string, NodeIcon> = {
  asserts: { id: 'check', color: 'testing.iconPassed' },
  denies: { id: 'close', color: 'problemsErrorIcon.foreground' },
  questions: { id: 'question', color: 'problemsWarningIcon.foreground' },
};

export function claimNode(c: ReportClaim, prefix = ''): ViewNode {
  const id = `${prefix}claim:${c.key}`;
  const count = (stance: string) => c.stances.filter((s) => s.stance === stance).length;
  const tally = [
    ['asserts', 'assert'],
    ['denies', 'deny'],
    ['questions', 'question'],
  ]
    .filter(([stance]) => count(stance) > 0)
    .map(([stance, verb]) => `${count(stance)} ${verb}`)
    .join(' · ');
  return {
    id,
    label: c.label,
    description: tally,
    tooltip: `${c.label}: ${c.verdict === 'contested' ? 'contested' : 'no one disputes it'}`,
    icon: c.verdict === 'contested' ? ICONS.contested : ICONS.agree,
    children: c.stances.map((s, i) => ({
      id: `${id}/${i}:${s.annotation}`,
      label: s.claimant,
      description: `${s.stance} · ${s.outlet}`,
      icon: STANCE_ICON[s.stance] ?? { id: 'circle-small' },
      open: openOf(s),
    })),
  };
}

export function claimNodes(report: Report): ViewNode[] {
  return byScope(report, (scope, prefix) => scope.claims.map((c) => claimNode(c, prefix)));
}

// ---------------------------------------------------------------------------
// Status bar

/** The anchor status bar item's text, tooltip and whether it warns. */
export function anchorStatus(h: AnchorHealth): { text: string; warn: boolean; tooltip: string } {
  const placed = h.placed + h.moved;
  const warn = h.drifted + h.orphaned + h.ambiguous > 0;
  const parts = [`${placed} placed`, `${h.drifted} drifted`, `${h.orphaned} orphaned`];
  if (h.ambiguous) parts.splice(1, 0, `${h.ambiguous} ambiguous`);
  const tooltip = [
    `Corroborate: ${h.total} annotation${h.total === 1 ? '' : 's'} in this source`,
    `${h.placed} placed where written, ${h.moved} moved, ${h.ambiguous} ambiguous, ${h.drifted} drifted, ${h.orphaned} orphaned`,
    'Click to show problems',
  ].join('\n');
  return { text: `$(${warn ? 'warning' : 'check'}) ${parts.join(' · ')}`, warn, tooltip };
}

/** Every node of a tree, depth first (tests and the test API use it). */
export function flatten(nodes: readonly ViewNode[]): ViewNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}
