/**
 * `claim-contested`: a claim asserted by some claimants and denied or
 * questioned by others, with the stance table that hovers and the report show.
 */
import type { Finding } from '../diagnostics/finding';
import { labelOf, type Dossier, type Span, type Stance } from '../model';
import type { ClaimReading } from './readings';
import { MAX_RELATED, listing, relatedTo } from './related';

const VERB: Record<Stance, string> = { asserts: 'asserted', denies: 'denied', questions: 'questioned' };

export function claimsByKey(claims: readonly ClaimReading[]): Map<string, ClaimReading[]> {
  const out = new Map<string, ClaimReading[]>();
  for (const c of claims) {
    const list = out.get(c.claim) ?? [];
    list.push(c);
    out.set(c.claim, list);
  }
  return out;
}

/** "asserted by X (Outlet); denied by Y (Outlet, Outlet)". */
export function stanceSummary(readings: readonly ClaimReading[]): string {
  const parts: string[] = [];
  for (const stance of ['asserts', 'denies', 'questions'] as const) {
    const byClaimant = new Map<string, string[]>();
    for (const r of readings) {
      if (r.stance !== stance) continue;
      const outlets = byClaimant.get(r.claimant.label) ?? [];
      outlets.push(r.outlet);
      byClaimant.set(r.claimant.label, outlets);
    }
    if (!byClaimant.size) continue;
    parts.push(`${VERB[stance]} by ${listing([...byClaimant].map(([who, outlets]) => `${who} (${listing(outlets)})`))}`);
  }
  return parts.join('; ');
}

export function isContested(readings: readonly ClaimReading[]): boolean {
  return readings.some((r) => r.stance === 'asserts') && readings.some((r) => r.stance !== 'asserts');
}

/** Where a claim's findings are shown in its companion: on its stance, else its text. */
export function claimFindingSpan(r: ClaimReading): Span | undefined {
  return (r.annotation.fields.stance ?? r.annotation.fields.text)?.node;
}

/**
 * The first few of `others` (in the order of the claim's readings) that come
 * after reading `i`, going round to the start: the readings a finding links
 * to. Each reading links to those after it rather than every one to the
 * same first few, so that no reading is linked from thousands of messages
 * (an edit moving it would send all those files again).
 */
function nextAfter(others: readonly ClaimReading[], i: number, at: ReadonlyMap<ClaimReading, number>): readonly ClaimReading[] {
  if (others.length <= MAX_RELATED) return others;
  let lo = 0;
  let hi = others.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at.get(others[mid]!)! <= i) lo = mid + 1;
    else hi = mid;
  }
  return Array.from({ length: MAX_RELATED }, (_, k) => others[(lo + k) % others.length]!);
}

export function claimFindings(claims: readonly ClaimReading[], dossier: Dossier | undefined): Finding[] {
  const out: Finding[] = [];
  for (const [key, readings] of claimsByKey(claims)) {
    if (!isContested(readings)) continue;
    const label = labelOf(dossier, 'claims', key);
    // One message for every reading of the claim: built once, it is one
    // string in memory rather than one per reading (172 alike at 1,000 pairs).
    const message = `"${label}" is contested: ${stanceSummary(readings)}.`;
    const at = new Map(readings.map((r, i) => [r, i]));
    const asserting = readings.filter((o) => o.stance === 'asserts');
    const opposing = readings.filter((o) => o.stance !== 'asserts');
    for (const [i, r] of readings.entries()) {
      const opposed = nextAfter(r.stance === 'asserts' ? opposing : asserting, i, at);
      const span = claimFindingSpan(r);
      if (!span) continue;
      out.push({
        uri: r.companion.uri,
        span,
        code: 'claim-contested',
        message,
        related: opposed.map((o) => relatedTo(o, `${o.claimant.label} ${o.stance} (${o.outlet})`)),
        annotation: r.annotation.index,
        data: { claim: key },
      });
    }
  }
  return out;
}
