/**
 * Figures of one quantity across sources: the n log n comparison used for
 * large groups agrees with the exact pair-by-pair one, and what a message
 * says of a large group does not change with every source.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compareGroup, disagreementsWith, type ComparedGroup } from '../../server/src/core/crossSource/figures';
import { MAX_RELATED, annotationKey, byPlace, listing } from '../../server/src/core/crossSource/related';
import { seeded } from '../support/reliability';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import type { FigureReading } from '../../server/src/core/crossSource/readings';
import { figureInterval } from '../../server/src/core/analysis/intervals';
import type { Approx } from '../../server/src/core/model';

const APPROX: Approx[] = ['exact', 'about', 'nearly', 'over', 'at-least', 'up-to', 'under'];

function reading(i: number, value: number, approx: Approx, claimant: string, asOf: string | undefined, precision = 0.01): FigureReading {
  const companion = { uri: `file:///w/a${i}.ann.yaml`, articleUri: `file:///w/a${i}.txt` } as FigureReading['companion'];
  return {
    companion,
    annotation: { index: 0, span: { start: 0, end: 0 }, fields: {} },
    anchor: { state: 'placed', score: 1 },
    outlet: `Outlet ${i}`,
    quantity: 'q',
    claimant: { id: claimant, label: claimant },
    asOf,
    written: String(value),
    value,
    approx,
    unit: 'worker',
    parsed: { value, approx, unit: 'worker', precision, raw: String(value) },
    interval: figureInterval({ value, approx, precision }),
  } as FigureReading;
}

test('sweep and pairwise agree where many readings share a bound (intervals that only touch)', () => {
  // Few values, so "up to 2,000", "more than 2,000", "about 2,000" and exactly 2,000 meet at the same ends.
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          value: fc.constantFrom(1000, 2000, 3000),
          approx: fc.constantFrom(...APPROX),
          claimant: fc.constantFrom('a', 'b', 'c'),
          asOf: fc.constantFrom(undefined, '2026-03-01'),
          // 0: an exact count, a single point; 1000: a round figure, a wide interval.
          precision: fc.constantFrom(0, 0.01, 1000),
        }),
        { minLength: 2, maxLength: 60 },
      ),
      (rows) => {
        const group = rows.map((r, i) => reading(i, r.value, r.approx, r.claimant, r.asOf, r.precision));
        const summary = (m: ReturnType<typeof disagreementsWith>) => [...m.entries()].map(([k, d]) => `${k}:${d.conflictCount}/${d.contestedCount}`).sort();
        const fast = disagreementsWith('sweep', group);
        assert.deepEqual(summary(fast), summary(disagreementsWith('pairwise', group)));
        // Every example named is one of the disagreeing readings, of the right kind.
        for (const d of fast.values()) {
          for (const o of d.conflict) assert.equal(o.claimant.id, d.reading.claimant.id);
          for (const o of d.contested) assert.notEqual(o.claimant.id, d.reading.claimant.id);
          // Something is named whenever something disagrees (a message must name someone), at most MAX_RELATED.
          assert.ok((d.conflictCount === 0) === (d.conflict.length === 0) && d.conflict.length <= MAX_RELATED, JSON.stringify([d.conflictCount, d.conflict.length]));
          assert.ok((d.contestedCount === 0) === (d.contested.length === 0) && d.contested.length <= MAX_RELATED, JSON.stringify([d.contestedCount, d.contested.length]));
        }
      },
    ),
    seeded(300),
  );
});

test('sweep and pairwise find the same disagreements, counted the same way', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          value: fc.double({ min: 100, max: 20000, noNaN: true }).map((v) => Math.round(v * 100) / 100 + 0.003),
          approx: fc.constantFrom(...APPROX),
          claimant: fc.constantFrom('a', 'b', 'c'),
          asOf: fc.constantFrom(undefined, '2026-03-01', '2026-03-02'),
        }),
        { minLength: 2, maxLength: 40 },
      ),
      (rows) => {
        const group = rows.map((r, i) => reading(i, r.value, r.approx, r.claimant, r.asOf));
        const exact = disagreementsWith('pairwise', group);
        const fast = disagreementsWith('sweep', group);
        const summary = (m: ReturnType<typeof disagreementsWith>) =>
          [...m.entries()].map(([k, d]) => `${k}:${d.conflictCount}/${d.contestedCount}`).sort();
        assert.deepEqual(summary(fast), summary(exact));
      },
    ),
    seeded(300),
  );
});

/** A figure of companion `c`, at `index` in it, as an edit of that companion makes it (a new object). */
function figureOf(c: number, index: number, row: { value: number; approx: Approx; claimant: string; asOf?: string; precision: number; unit?: string }): FigureReading {
  const r = reading(c, row.value, row.approx, row.claimant, row.asOf, row.precision);
  const unit = row.unit;
  return { ...r, annotation: { ...r.annotation, index }, unit, parsed: { ...r.parsed!, unit } } as FigureReading;
}

/** What a user is shown of a group's disagreements, in the order they are made into findings. */
function shown(c: ComparedGroup): string[] {
  return [...c.disagreements].map(([r, d]) => `${annotationKey(r)} ${d.conflictCount}/${d.contestedCount} [${d.conflict.map(annotationKey)}] [${d.contested.map(annotationKey)}]`);
}

test('a large group compared again after its companions are edited finds what comparing it afresh finds', () => {
  const row = fc.record({
    value: fc.constantFrom(1000, 2000, 3000),
    approx: fc.constantFrom(...APPROX),
    claimant: fc.constantFrom('a', 'b', 'c', 'd'),
    asOf: fc.constantFrom(undefined, undefined, '2026-03-01', '2026-03-02'),
    precision: fc.constantFrom(0, 0.01, 1000),
    // Mostly one unit; some without, one of another dimension, and two of one dimension (converted, so indexed afresh).
    unit: fc.constantFrom('worker', 'worker', 'worker', undefined, 'workerq', 'km', 'mile'),
  });
  const COMPANIONS = 40;
  fc.assert(
    fc.property(
      fc.array(fc.array(row, { maxLength: 3 }), { minLength: COMPANIONS, maxLength: COMPANIONS }),
      fc.array(
        fc.record({ companion: fc.integer({ min: 0, max: COMPANIONS - 1 }), rows: fc.array(row, { maxLength: 3 }), keep: fc.boolean(), remake: fc.constantFrom('no', 'same', 'claimant', 'asOf') }),
        { minLength: 1, maxLength: 8 },
      ),
      (initial, edits) => {
        let rowsOf = initial;
        let byCompanion = initial.map((rows, c) => rows.map((x, i) => figureOf(c, i, x)));
        let members = byCompanion.flat().sort(byPlace);
        let compared = compareGroup(members);
        for (const e of edits) {
          // An edit makes new readings; one that says the same may be kept (the same object, see readings.carryOver).
          // A remake makes new readings that say what the old ones said (an edit of their words only), or the
          // same figure from another claimant or as of another date; some kept.
          const old = byCompanion[e.companion];
          const oldRows = rowsOf[e.companion];
          const remake = e.remake !== 'no';
          const rows = !remake
            ? e.rows
            : oldRows.map((x) =>
                e.remake === 'claimant' ? { ...x, claimant: x.claimant === 'a' ? ('b' as const) : ('a' as const) } : e.remake === 'asOf' ? { ...x, asOf: x.asOf ? undefined : ('2026-03-01' as const) } : x,
              );
          const kept = (i: number) => (remake ? e.keep && i % 2 === 1 : e.keep) && old[i] !== undefined;
          const next = rows.map((x, i) => (kept(i) ? old[i] : figureOf(e.companion, i, x)));
          rowsOf = rowsOf.map((r, c) => (c === e.companion ? rows.map((x, i) => (kept(i) ? oldRows[i] : x)) : r));
          byCompanion = byCompanion.map((rows, c) => (c === e.companion ? next : rows));
          const after = byCompanion.flat().sort(byPlace);
          compared = compareGroup(after, { members, compared }, new Set([next[0]?.companion.uri ?? old[0]?.companion.uri ?? `file:///w/a${e.companion}.ann.yaml`]));
          members = after;
          assert.deepEqual(shown(compared), shown(compareGroup(members)));
          // The examples are the readings the group holds now, not ones an edit replaced (their places would be stale).
          const current = new Set(members);
          for (const d of compared.disagreements.values()) for (const r of [...d.conflict, ...d.contested]) assert.ok(current.has(r), annotationKey(r));
        }
      },
    ),
    seeded(100),
  );
});

test('a disagreement whose examples were looked for beyond the nearest readings is worked out again when a reading comes near', () => {
  const row = (claimant: string, value: number) => ({ value, approx: 'exact' as Approx, claimant, asOf: undefined, precision: 0 });
  // Below 3,000: the twenty nearest in order of place are the claimant's own (a50-a69), the others' (a10-a13) further.
  const members = [
    ...[10, 11, 12, 13].map((c) => figureOf(c, 0, row('b', 1000))),
    ...Array.from({ length: 20 }, (_, i) => figureOf(50 + i, 0, row('a', 1000))),
    ...Array.from({ length: 20 }, (_, i) => figureOf(70 + i, 0, row('d', 3000))),
    figureOf(90, 0, row('a', 3000)),
  ].sort(byPlace);
  const compared = compareGroup(members);
  const x = members.find((r) => r.companion.uri === 'file:///w/a90.ann.yaml')!;
  assert.deepEqual(compared.disagreements.get(x)!.contested.map(annotationKey), [13, 12, 11, 10].map((c) => `file:///w/a${c}.ann.yaml#0`));
  // Another source says 5,000: it is the nearest of the others' now, and the only example.
  const came = figureOf(95, 0, row('c', 5000));
  const after = [...members, came].sort(byPlace);
  const again = compareGroup(after, { members, compared }, new Set([came.companion.uri]));
  assert.deepEqual(shown(again), shown(compareGroup(after)));
  assert.deepEqual(again.disagreements.get(x)!.contested, [came]);
});

test('a message counts the names it leaves out exactly up to 19, then by order of size', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `Outlet ${i}`);
  assert.equal(listing(names(3)), 'Outlet 0, Outlet 1 and Outlet 2');
  assert.equal(listing(names(11)), 'Outlet 0, Outlet 1, Outlet 2, Outlet 3 and 7 more');
  assert.equal(listing(names(4), 23), 'Outlet 0, Outlet 1, Outlet 2, Outlet 3 and 19 more');
  assert.equal(listing(names(4), 24), 'Outlet 0, Outlet 1, Outlet 2, Outlet 3 and dozens more');
  assert.equal(listing(names(4), 540), 'Outlet 0, Outlet 1, Outlet 2, Outlet 3 and hundreds more');
  assert.equal(listing(names(4), 1704), 'Outlet 0, Outlet 1, Outlet 2, Outlet 3 and thousands more');
});

/** Sources each with one figure of `ships` and a claimant of their own, saying the values given (`s00` says values[0], ...). */
function shipsSources(values: readonly number[]): { files: Record<string, string>; companion: (i: number, n: number, extra?: string) => string; uri: (i: number, ext: string) => string } {
  const files: Record<string, string> = {
    'file:///w/dossier.yaml': `title: T\nquantities:\n  ships: { label: Ships in port }\nentities:\n${values.map((_, i) => `  p${i}: { name: Person ${i}, type: person }\n`).join('')}`,
  };
  const companion = (i: number, n: number, extra = '') =>
    `source:\n  outlet: Outlet ${i}\n  published: 2026-03-05\nannotations:\n  - kind: figure\n    text: ${n} ships\n    quantity: ships\n    claimant: p${i}\n${extra}`;
  const uri = (i: number, ext: string) => `file:///w/s${String(i).padStart(2, '0')}.${ext}`;
  values.forEach((n, i) => {
    files[uri(i, 'txt')] = `Person ${i} counted ${n} ships, and 7 ships left.\n`;
    files[uri(i, 'ann.yaml')] = companion(i, n);
  });
  return { files, companion, uri };
}

async function freshDiagnostics(files: Record<string, string>, uri: string): Promise<string> {
  const fresh = new Corpus(new InMemoryWorkspace(files));
  await fresh.indexAll();
  return JSON.stringify(fresh.diagnostics(uri));
}

test('in a large group, a claimant contradicting itself is named however far its other reading lies', async () => {
  // 45 sources: Person 0 says 40 ships in s00 and 90 ships in s44; everyone else says 90. Among the
  // readings sorted by value, s44's is the last of 44 equal ones: past the few looked at for examples.
  const { files, companion, uri } = shipsSources([40, ...Array.from({ length: 44 }, () => 90)]);
  files[uri(44, 'ann.yaml')] = companion(44, 90).replace('claimant: p44', 'claimant: p0');
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const found = corpus.diagnostics(uri(0, 'ann.yaml'));
  const conflict = found.find((d) => d.code === 'figure-conflict');
  assert.equal(conflict?.message, 'Ships in port: Person 0 is reported here as "40 ships" but as 90 ships (Outlet 44).');
  assert.deepEqual(conflict?.related?.map((r) => r.uri), [uri(44, 'txt')]);
  const contested = found.find((d) => d.code === 'figure-contested');
  assert.match(contested?.message ?? '', /^Ships in port is contested: Person 0 says "40 ships" here; Person 1 says 90 ships \(Outlet 1\), Person 2 says 90 ships \(Outlet 2\), Person 3 says 90 ships \(Outlet 3\), Person 4 says 90 ships \(Outlet 4\) and dozens more\.$/);
});

test('in a large group, the other claimants are named however many of the nearest readings are the same claimant\'s', async () => {
  // 45 sources: Person 0 says 40 ships in s00 and 90 ships in s01-s40; Persons 41-44 say 90 in s41-s44.
  const { files, companion, uri } = shipsSources([40, ...Array.from({ length: 44 }, () => 90)]);
  for (let i = 1; i <= 40; i++) files[uri(i, 'ann.yaml')] = companion(i, 90).replace(`claimant: p${i}\n`, 'claimant: p0\n');
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const contested = corpus.diagnostics(uri(0, 'ann.yaml')).find((d) => d.code === 'figure-contested');
  assert.equal(
    contested?.message,
    'Ships in port is contested: Person 0 says "40 ships" here; Person 41 says 90 ships (Outlet 41), Person 42 says 90 ships (Outlet 42), Person 43 says 90 ships (Outlet 43) and Person 44 says 90 ships (Outlet 44).',
  );
  assert.equal(contested?.related?.length, 4);
});

test('in a large contested group, a source leaving it changes no other file when no message names it', async () => {
  // 60 sources: 30 say 40 ships, 30 say 90 ships.
  const { files, companion } = shipsSources(Array.from({ length: 60 }, (_, i) => (i < 30 ? 40 : 90)));
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const before = new Map(corpus.takeDirty().map((u) => [u, JSON.stringify(corpus.diagnostics(u))]));
  const contested = corpus.diagnostics('file:///w/s00.ann.yaml').find((d) => d.code === 'figure-contested');
  assert.match(contested?.message ?? '', /^Ships in port is contested: Person 0 says "40 ships" here; Person 3\d says 90 ships \(Outlet 3\d\), .* and dozens more\.$/);
  // The annotation's diagnostic links the four sources it names; the mark on the article words links back to the annotation.
  assert.deepEqual(contested?.related?.map((r) => r.uri.replace('file:///w/', '')), ['s30.txt', 's31.txt', 's32.txt', 's33.txt']);
  const mark = corpus.diagnostics('file:///w/s00.txt').find((d) => d.code === 'figure-contested');
  assert.equal(mark?.message, contested?.message);
  assert.deepEqual(mark?.related?.map((r) => [r.uri, r.message]), [['file:///w/s00.ann.yaml', 'annotation in s00.ann.yaml']]);

  // The last source takes its figure back (a note now): one fewer source says 90.
  await corpus.updateText('file:///w/s59.ann.yaml', companion(59, 90).replace('kind: figure', 'kind: note'));
  const dirty = corpus.takeDirty();
  const others = dirty.filter((u) => !u.includes('/s59.') && JSON.stringify(corpus.diagnostics(u)) !== before.get(u));
  assert.deepEqual(others, [], 'no other source names it, and none counts the sources it leaves out exactly');
  const still = corpus.diagnostics('file:///w/s00.ann.yaml').find((d) => d.code === 'figure-contested');
  assert.equal(still?.message, contested?.message);
});

test('in a small contested group, a source leaving it changes the count the others give', async () => {
  // 6 say 40, 6 say 90: each 40 names four of the 90s "and 2 more".
  const { files, companion, uri } = shipsSources(Array.from({ length: 12 }, (_, i) => (i < 6 ? 40 : 90)));
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const message = () => corpus.diagnostics(uri(0, 'ann.yaml')).find((d) => d.code === 'figure-contested')?.message;
  assert.match(message() ?? '', / and 2 more\.$/);
  const now = { ...files, [uri(11, 'ann.yaml')]: companion(11, 90).replace('kind: figure', 'kind: note') };
  await corpus.updateText(uri(11, 'ann.yaml'), now[uri(11, 'ann.yaml')]);
  assert.ok(corpus.takeDirty().includes(uri(0, 'ann.yaml')));
  assert.match(message() ?? '', / and 1 more\.$/);
  assert.equal(JSON.stringify(corpus.diagnostics(uri(0, 'ann.yaml'))), await freshDiagnostics(now, uri(0, 'ann.yaml')));
});

test('in a large group, the sources that disagreed only with a source that leaves it lose their findings', async () => {
  // 59 sources say 40 ships, one says 90: each of the 59 is contested by that one alone.
  const { files, companion, uri } = shipsSources(Array.from({ length: 60 }, (_, i) => (i < 59 ? 40 : 90)));
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  corpus.takeDirty();
  const contested = (i: number) => corpus.diagnostics(uri(i, 'ann.yaml')).filter((d) => d.code === 'figure-contested');
  assert.match(contested(0)[0]?.message ?? '', /^Ships in port is contested: Person 0 says "40 ships" here; Person 59 says 90 ships \(Outlet 59\)\.$/);
  // The one that said 90 takes its figure back (a note now): nothing is contested any more.
  const now = { ...files, [uri(59, 'ann.yaml')]: companion(59, 90).replace('kind: figure', 'kind: note') };
  await corpus.updateText(uri(59, 'ann.yaml'), now[uri(59, 'ann.yaml')]);
  const dirty = corpus.takeDirty();
  for (const i of [0, 30, 58]) {
    assert.ok(dirty.includes(uri(i, 'ann.yaml')), `s${i} is sent again`);
    assert.deepEqual(contested(i), []);
    assert.equal(JSON.stringify(corpus.diagnostics(uri(i, 'ann.yaml'))), await freshDiagnostics(now, uri(i, 'ann.yaml')));
  }
});

test('a companion edit that moves a figure and changes another of the same quantity places both again', async () => {
  const { files, companion, uri } = shipsSources([40, 90, 90]);
  // s00 has a second figure of ships, below the first.
  const second = (n: number) => `  - kind: figure\n    text: ${n} ships left\n    quantity: ships\n    claimant: p0\n`;
  files[uri(0, 'txt')] = 'Person 0 counted 40 ships, and 7 ships left.\n';
  files[uri(0, 'ann.yaml')] = companion(0, 40, second(7));
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  corpus.takeDirty();
  // A comment above both moves them a line down; the second now reads 9 (and is no longer in the text).
  const edited = companion(0, 40, second(9)).replace('annotations:\n', 'annotations:\n  # checked against the wire copy\n');
  await corpus.updateText(uri(0, 'ann.yaml'), edited);
  corpus.takeDirty();
  assert.equal(JSON.stringify(corpus.diagnostics(uri(0, 'ann.yaml'))), await freshDiagnostics({ ...files, [uri(0, 'ann.yaml')]: edited }, uri(0, 'ann.yaml')));
});

test('in a large group, a claimant contradicting itself is named even past the first contested examples', async () => {
  // 45 sources (compared by sweep): Person 0 says 40 ships in s00 and 90 ships in s06; everyone else says 90.
  const { files, companion, uri } = shipsSources([40, ...Array.from({ length: 44 }, () => 90)]);
  files[uri(6, 'ann.yaml')] = companion(6, 90).replace('claimant: p6', 'claimant: p0');
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const conflict = corpus.diagnostics(uri(0, 'ann.yaml')).find((d) => d.code === 'figure-conflict');
  assert.equal(conflict?.message, 'Ships in port: Person 0 is reported here as "40 ships" but as 90 ships (Outlet 6).');
  assert.deepEqual(conflict?.related?.map((r) => r.uri), [uri(6, 'txt')]);
});

test('large groups edited one after another, readied for edits or not, more of them than keep an index, stay what a fresh index says', async () => {
  // 45 sources, each reporting ten quantities; Person i says 40 or 90 of each. Large groups
  // keep what an edit needs for the next only for the few most recently edited (see analyze.ts).
  const nouns = ['ships', 'boats', 'trucks', 'crates', 'barrels', 'workers', 'tents', 'houses', 'schools', 'bridges'];
  const value = (i: number, k: number) => ((i + k) % 3 === 0 ? 40 : 90);
  const files: Record<string, string> = {
    'file:///w/dossier.yaml': `title: T\nquantities:\n${nouns.map((n) => `  ${n}: { label: ${n} counted }\n`).join('')}entities:\n${Array.from({ length: 45 }, (_, i) => `  p${i}: { name: Person ${i}, type: person }\n`).join('')}`,
  };
  const article = (i: number) => nouns.map((n, k) => `Person ${i} counted ${value(i, k)} ${n}.`).join('\n') + '\n';
  const companion = (i: number, text: (k: number) => string) =>
    `source:\n  outlet: Outlet ${i}\n  published: 2026-03-05\nannotations:\n${nouns.map((n, k) => `  - kind: figure\n    text: ${text(k)}\n    quantity: ${n}\n    claimant: p${i}\n`).join('')}`;
  const uri = (i: number, ext: string) => `file:///w/s${String(i).padStart(2, '0')}.${ext}`;
  for (let i = 0; i < 45; i++) {
    files[uri(i, 'txt')] = article(i);
    files[uri(i, 'ann.yaml')] = companion(i, (k) => `${value(i, k)} ${nouns[k]}`);
  }
  const corpus = new Corpus(new InMemoryWorkspace({ ...files }));
  await corpus.indexAll();
  const sent = new Map<string, string>();
  const publish = () => {
    for (const u of corpus.takeDirty()) sent.set(u, JSON.stringify(corpus.diagnostics(u)));
  };
  publish();
  const now = { ...files };
  // Each quantity in turn, then the first again (its index let go by then): s07 says 70 of it, then 90,
  // then misspells its unit (compared with nothing but its own), then says 40, then 90 again.
  const steps = [...nouns.keys(), 0].flatMap((k) =>
    [(n: string) => `70 ${n}`, (n: string) => `90 ${n}`, (n: string) => `70 ${n.slice(0, -1)}q`, (n: string) => `40 ${n}`, (n: string) => `90 ${n}`].map((say) => ({ k, say })),
  );
  let changedElsewhere = 0;
  for (const [i, { k, say }] of steps.entries()) {
    // Opened in an editor before each quantity's edits but the second's: readied for edits (see analyze.readyForEdits).
    if (i % 5 === 0 && k !== 1) corpus.readyForEdits(uri(7, 'ann.yaml'));
    const before = new Map(sent);
    const text = now[uri(7, 'ann.yaml')].split('\n');
    const line = text.findIndex((l, i) => l.startsWith('    text: ') && text[i + 1] === `    quantity: ${nouns[k]}`);
    text[line] = `    text: ${say(nouns[k])}`;
    now[uri(7, 'ann.yaml')] = text.join('\n');
    await corpus.updateText(uri(7, 'ann.yaml'), now[uri(7, 'ann.yaml')]);
    publish();
    changedElsewhere += [...sent].filter(([u, d]) => !u.includes('/s07.') && before.get(u) !== d).length;
    const fresh = new Corpus(new InMemoryWorkspace({ ...now }));
    await fresh.indexAll();
    for (const u of Object.keys(now)) assert.equal(sent.get(u) ?? '[]', JSON.stringify(fresh.diagnostics(u)), `${u} after s07 says "${say(nouns[k])}"`);
  }
  // The edits did change what other sources are told (a source named, a count given exactly), and those were sent.
  assert.ok(changedElsewhere > 0);
});

test('a claimant renamed in the dossier is named so in every message at once', async () => {
  const { files, uri } = shipsSources([40, 90, 90]);
  const corpus = new Corpus(new InMemoryWorkspace(files));
  await corpus.indexAll();
  const contested = () => corpus.diagnostics(uri(0, 'ann.yaml')).find((d) => d.code === 'figure-contested')?.message ?? '';
  assert.match(contested(), /Person 0 says "40 ships" here; Person 1 says 90 ships/);
  const dossier = files['file:///w/dossier.yaml'].replace('p1: { name: Person 1,', 'p1: { name: Harbour Master Ida Lund,');
  await corpus.updateText('file:///w/dossier.yaml', dossier);
  corpus.takeDirty();
  assert.match(contested(), /Person 0 says "40 ships" here; Harbour Master Ida Lund says 90 ships/);
  assert.equal(JSON.stringify(corpus.diagnostics(uri(0, 'ann.yaml'))), await freshDiagnostics({ ...files, 'file:///w/dossier.yaml': dossier }, uri(0, 'ann.yaml')));
});
