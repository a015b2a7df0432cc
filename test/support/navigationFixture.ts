/**
 * A small corpus for the navigation tests: a dossier, two outlets' articles
 * and their companions. The same files serve the in-memory unit tests and
 * the protocol tests (written to a temp folder).
 */
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';

export const DOSSIER = `title: Port strike
entities:
  jane-roe: { name: Jane Roe, type: person, role: union leader, aliases: [Roe] }
  port-authority: { name: Port Authority, type: organisation }
quantities:
  strikers: { label: Workers on strike, unit: workers }
claims:
  strike-legal: { label: The strike is legal }
quotes:
  not-back: { label: Will not go back, speaker: jane-roe }
`;

export const GAZETTE = [
  'PORT CITY, March 5 - About 8,000 workers walked out, the Port Authority said.',
  '"We will not go back',
  'until the port pays," said Jane Roe.',
  'The strike is legal, Roe said.',
  '',
].join('\n');

export const GAZETTE_ANN = `source:
  outlet: The Gazette
  published: 2026-03-05
annotations:
  - id: f1
    kind: figure
    text: About 8,000 workers
    quantity: strikers
  - kind: entity
    text: Port Authority
    entity: port-authority
  - kind: quote
    text: "We will not go back\\nuntil the port pays"
    quote: not-back
    speaker: jane-roe
  - kind: entity
    text: Jane Roe
    entity: jane-roe
  - kind: claim
    text: The strike is legal, Roe said
    claim: strike-legal
    claimant: jane-roe
  - kind: entity
    text: Roe
    start: ${GAZETTE.indexOf('Roe said')}
    entity: jane-roe
`;

export const HERALD = [
  'Nearly 7,500 dock workers struck on Thursday, according to Jane Roe.',
  'The union leader said the strike is legal.',
  '',
].join('\n');

export const HERALD_ANN = `source:
  outlet: The Herald
annotations:
  - kind: figure
    text: Nearly 7,500 dock workers
    quantity: strikers
  - kind: entity
    text: Jane Roe
    entity: jane-roe
  - kind: claim
    text: the strike is legal
    claim: strike-legal
  - kind: note
    text: words that are not in the article
    speaker: jane-roe
`;

/** File names (relative to the corpus folder) and contents. */
export const FILES: Readonly<Record<string, string>> = {
  'dossier.yaml': DOSSIER,
  'gazette.txt': GAZETTE,
  'gazette.ann.yaml': GAZETTE_ANN,
  'herald.txt': HERALD,
  'herald.ann.yaml': HERALD_ANN,
};

export const ROOT = 'file:///w/';
export const U = {
  dossier: ROOT + 'dossier.yaml',
  gazette: ROOT + 'gazette.txt',
  gazetteAnn: ROOT + 'gazette.ann.yaml',
  herald: ROOT + 'herald.txt',
  heraldAnn: ROOT + 'herald.ann.yaml',
};

export async function fixtureCorpus(extra: Record<string, string> = {}): Promise<Corpus> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries({ ...FILES, ...extra })) files[ROOT + name] = text;
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  return corpus;
}

/** The offset of the n-th (from 0) occurrence of a needle, plus a delta; throws when absent (a broken fixture). */
export function at(text: string, needle: string, delta = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`fixture: "${needle}" not found`);
  }
  return i + delta;
}
