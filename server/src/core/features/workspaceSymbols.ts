/**
 * Workspace symbols: every dossier definition (entities, quantities, claims,
 * quotes) and every source (an outlet, at its companion's `source:`).
 *
 * A query matches a name, key or alias case-insensitively, exactly, as a
 * prefix, a substring or a subsequence, ranked in that order (then by name).
 * Editors filter the answer again against the symbol's name, so a symbol
 * found through its key or an alias carries that word in its name:
 * `Jane Roe (Roe)`.
 */
import type { Corpus } from '../corpus';
import { SECTIONS, type Definition, type Dossier } from '../model';
import { basename, stem } from '../workspace';
import { locationOf, type Location } from './locate';
import { SECTION_SYMBOL, SOURCE_SYMBOL, type SymbolKindName } from './symbolKinds';
import { outletOf } from '../crossSource/readings';

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: SymbolKindName;
  readonly containerName?: string;
  readonly location: Location;
}

/** How well a query matches a word: 0 exact, 1 prefix, 2 substring, 3 subsequence; undefined for no match. */
export function matchRank(query: string, word: string): number | undefined {
  const q = (typeof query === 'string' ? query : '').trim().toLowerCase();
  const w = word.toLowerCase();
  if (q === '') return 3;
  if (w === q) return 0;
  if (w.startsWith(q)) return 1;
  if (w.includes(q)) return 2;
  let i = 0;
  for (const ch of w) if (ch === q[i]) i++;
  return i === q.length ? 3 : undefined;
}

interface Candidate {
  readonly symbol: WorkspaceSymbol;
  readonly rank: number;
}

/** The best match among a symbol's words; the name is extended with the matching word when it is not the name. */
function bestMatch(query: string, name: string, others: readonly string[]): { name: string; rank: number } | undefined {
  let best: { name: string; rank: number } | undefined;
  for (const [i, word] of [name, ...others].entries()) {
    const rank = matchRank(query, word);
    if (rank === undefined || (best && best.rank <= rank)) continue;
    best = { name: i === 0 || name.toLowerCase().includes(word.toLowerCase()) ? name : `${name} (${word})`, rank };
  }
  return best;
}

function definitionCandidate(corpus: Corpus, dossier: Dossier, def: Definition, query: string): Candidate | undefined {
  const name = def.label?.trim() || def.key;
  const match = bestMatch(query, name, [def.key, ...def.aliases]);
  if (!match) return undefined;
  const container = `${def.key} · ${dossier.title ?? basename(dossier.folder.slice(0, -1))}`;
  return {
    rank: match.rank,
    symbol: { name: match.name, kind: SECTION_SYMBOL[def.section], containerName: container, location: locationOf(corpus, dossier.uri, def.keySpan) },
  };
}

export function workspaceSymbols(corpus: Corpus, query: string, limit = 1000): WorkspaceSymbol[] {
  const found: Candidate[] = [];
  for (const dossier of corpus.allDossiers()) {
    for (const section of SECTIONS) {
      for (const def of dossier.definitions[section].values()) {
        const c = definitionCandidate(corpus, dossier, def, query);
        if (c) found.push(c);
      }
    }
  }
  for (const companion of corpus.allCompanions()) {
    const source = companion.source;
    const name = outletOf(companion);
    const match = bestMatch(query, name, [source.title, stem(companion.uri)].filter((w): w is string => !!w));
    if (!match) continue;
    const span = source.span ?? { start: 0, end: 0 };
    found.push({
      rank: match.rank,
      symbol: { name: match.name, kind: SOURCE_SYMBOL, containerName: basename(companion.articleUri), location: locationOf(corpus, companion.uri, span) },
    });
  }
  found.sort((a, b) => a.rank - b.rank || a.symbol.name.localeCompare(b.symbol.name) || a.symbol.location.uri.localeCompare(b.symbol.location.uri));
  return found.slice(0, limit).map((c) => c.symbol);
}
