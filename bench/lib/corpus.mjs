// Deterministic synthetic corpus: one dossier and N article + companion
// pairs of invented wire-style coverage of one event, written to a folder
// that is reused when the seed, N and generator version match.
//
// Every name, outlet and place is invented. Texts are built from sentence
// templates; each special sentence records where its annotatable spans are,
// and ~30 of them per article become annotations of every kind. About 20% of
// the annotations carry a `text` that differs from the article by one small
// edit (with a `start` hint), so that they need approximate re-anchoring.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from './prng.mjs';

export const GENERATOR_VERSION = 3;
const PER_FOLDER = 500;

// ---------------------------------------------------------------------------
// Vocabulary

const FIRST = ['Ana', 'Bruno', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Luis', 'Marta', 'Nikos', 'Olga', 'Pavel', 'Rosa', 'Sami', 'Tomas', 'Ulla', 'Vera', 'Wim', 'Yara', 'Zoltan'];
const LAST = ['Abara', 'Brenner', 'Castell', 'Dunmore', 'Esposito', 'Falk', 'Gorrin', 'Halloran', 'Ibsen', 'Jovic', 'Kessler', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quiroga', 'Rask', 'Sorensen', 'Tanaka', 'Urquhart', 'Valdez', 'Weller', 'Yilmaz'];
const ROLES = ['spokesperson for the port authority', 'regional governor', 'union general secretary', 'minister of transport', 'chief of the fire service', 'mayor of the city', 'harbour master', 'head of the shipping council', 'police commissioner', 'labour minister', 'hospital director', 'emergency coordinator'];
const ORGS = ['Port Authority of Valdera', 'Valdera Dockworkers Union', 'Ministry of Transport', 'Coastal Fire Service', 'Valdera City Council', 'Regional Shipping Council', 'National Labour Court', 'Valdera Municipal Police', 'Red Crescent Valdera', 'Chamber of Commerce', 'Harbour Pilots Association', 'National Weather Office', 'Central Hospital of Valdera', 'Freight Forwarders League', 'Ministry of Labour', 'Customs Directorate'];
const PLACES = ['Valdera', 'Port Amsel', 'Corvina', 'the northern quays', 'the coastal highway', 'Santa Irena', 'the old town', 'the container terminal', 'Beltrami', 'the river delta', 'Marisco Bay', 'the industrial zone'];
const OUTLETS = ['Valdera Wire', 'The Harbour Ledger', 'Coastal Dispatch', 'Morning Courier', 'The Evening Standard-Bearer', 'Northern Gazette', 'Delta Press Agency', 'Crónica del Puerto', 'The Meridian', 'Signal Daily', 'The Quayside Post', 'Continental Newswire', 'Bay Observer', 'Iron Coast Herald', 'Tidewater Times', 'Lantern News', 'The Civic Record', 'Pelagic Press', 'Granite Chronicle', 'Southern Mail'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAYPARTS = ['', ' morning', ' afternoon', ' evening', ' night'];

const Q_NOUNS = ['workers', 'people', 'homes', 'vehicles', 'flights', 'containers', 'households', 'students', 'patients', 'ships', 'lorries', 'shops'];
const Q_VERBS = ['were evacuated', 'were affected', 'were stranded', 'were left without power', 'were damaged', 'joined the strike', 'were turned away', 'remained idle', 'were inspected'];
const APPROX_WORDS = [['exact', ''], ['about', 'about '], ['nearly', 'nearly '], ['over', 'more than '], ['at-least', 'at least '], ['up-to', 'up to '], ['under', 'fewer than ']];

const CLAIMS = ['the strike was illegal', 'the dam had been inspected last year', 'the port would reopen within a week', 'the evacuation order came too late', 'the pay offer was final', 'the automation plan would cut jobs', 'the fire started in a warehouse', 'the police used excessive force', 'the ministry had been warned in January', 'the shipping lanes were safe', 'the power cuts were deliberate', 'the union had not given notice', 'the budget included emergency funds', 'the bridge was closed for repairs', 'the tanker was carrying fuel', 'the ferry ran on schedule', 'the relief convoy was delayed by customs', 'the water supply was contaminated', 'the hospital ran out of beds', 'the curfew would be lifted on Friday', 'the talks broke down over pensions', 'the storm warnings were ignored', 'the cranes had been sabotaged', 'the government would pay compensation', 'the airport remained open', 'the landslide blocked the railway', 'the harbour dredging was behind schedule', 'the census figures were outdated', 'the inspectors found no leak', 'the contract was signed in secret'];
const STANCE_VERBS = [['asserts', 'said that'], ['asserts', 'insisted that'], ['denies', 'denied that'], ['denies', 'rejected claims that'], ['questions', 'questioned whether'], ['questions', 'cast doubt on whether']];
const QUOTE_TEXTS = ['We will not go back until the port pays', 'Nobody should have to choose between safety and a wage', 'The port is not closed, it is slowed down', 'Every day of this costs the country money it does not have', 'Our offer stands and it is the last one', 'We warned them months ago and nobody listened', 'The water came faster than anyone expected', 'There will be no negotiation while the cranes stand idle', 'We are doing everything we can to reach the families', 'This is the worst season we have seen in a generation', 'The roads will stay closed until engineers have checked every span', 'I have never seen the quays this empty', 'We need the courts to settle this, not the streets', 'Compensation will be paid to every household that lost power', 'The figures we published are the only reliable ones', 'Nobody was hurt and the fire is under control', 'We expect the ships to sail again by the weekend', 'The union has acted responsibly from the first day', 'It is too early to say what caused the collapse', 'Our hospitals are coping but the staff are exhausted', 'These numbers are inflated for political reasons', 'We will publish a full report within thirty days', 'The evacuation went exactly as planned', 'The ministry has failed the people of this city', 'We are ready to talk at any hour of the day', 'The damage is far greater than the first estimates', 'Families are sleeping in school gyms tonight', 'The contract was never a secret', 'No ship will leave without an inspection', 'We ask everyone to stay away from the coast'];
const FILLER = [
  (r, c) => `${cap(r.pick(PLACES))} remained tense on ${r.pick(WEEKDAYS)}${r.pick(DAYPARTS)} as ${r.pick(['crews', 'residents', 'officials', 'volunteers', 'traders', 'drivers'])} ${r.pick(['waited for news', 'cleared debris', 'assessed the damage', 'queued for supplies', 'gathered outside the town hall', 'returned to work'])}.`,
  (r, c) => `The ${r.pick(ORGS)} said it would ${r.pick(['review', 'publish', 'revise', 'defend', 'withdraw', 'update'])} its ${r.pick(['estimates', 'plans', 'guidance', 'figures', 'statement', 'timetable'])} ${r.pick(['later in the week', 'by Friday', 'once the inspections end', 'after the talks', 'in the coming days'])}.`,
  (r, c) => `${r.pick(['Traffic', 'Rail services', 'Ferry crossings', 'Deliveries', 'School classes', 'Hospital visits'])} ${r.pick(['were suspended', 'resumed slowly', 'were diverted', 'were cut back', 'ran at half capacity'])} in ${r.pick(PLACES)}, according to ${r.pick(['local officials', 'a statement', 'residents', 'the operator', 'people familiar with the matter'])}.`,
  (r, c) => `${r.pick(['Analysts', 'Economists', 'Shipping agents', 'Diplomats', 'Engineers'])} said the ${r.pick(['disruption', 'dispute', 'closure', 'storm', 'shortage'])} could ${r.pick(['last for weeks', 'spread to other ports', 'push up prices', 'delay exports', 'test the government'])} if ${r.pick(['talks stall', 'the weather worsens', 'no deal is reached', 'repairs are delayed', 'the courts intervene'])}.`,
  (r, c) => `It was not immediately clear ${r.pick(['how many people were still missing', 'when the port would reopen', 'who had ordered the closure', 'whether the talks would resume', 'how much the repairs would cost'])}.`,
  (r, c) => `${c.outlet} could not independently verify the ${r.pick(['figures', 'reports', 'accounts', 'claims', 'images'])} ${r.pick(['shared on social media', 'given by officials', 'circulating overnight', 'from the union', 'from residents'])}.`,
  (r, c) => `${r.pick(['Earlier', 'Separately', 'Meanwhile', 'On the waterfront', 'In the capital'])}, ${r.pick(['a small crowd', 'several dozen protesters', 'a group of relatives', 'reporters', 'lorry drivers'])} ${r.pick(['gathered', 'waited', 'marched', 'held a vigil', 'blocked a road'])} near ${r.pick(PLACES)}.`,
];

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function slug(s) {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
function fmt(n) {
  return n.toLocaleString('en-US');
}
function yamlString(s) {
  return JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
}

// ---------------------------------------------------------------------------
// The dossier

function makeDossier(rng) {
  const entities = [];
  const seen = new Set();
  while (entities.length < 60) {
    const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    const key = slug(name);
    if (seen.has(key)) continue;
    seen.add(key);
    entities.push({ key, name, type: 'person', role: rng.pick(ROLES) });
  }
  for (const name of ORGS) entities.push({ key: slug(name), name, type: 'organisation' });

  const quantities = [];
  const qseen = new Set();
  while (quantities.length < 50) {
    const noun = rng.pick(Q_NOUNS);
    const verb = rng.pick(Q_VERBS);
    const key = slug(`${noun} ${verb}`);
    if (qseen.has(key)) continue;
    qseen.add(key);
    const magnitude = rng.pick([10, 100, 1000, 10000]);
    const value = rng.int(2, 95) * magnitude;
    // 30% of quantities are contested: sources report one of a few values.
    const contested = quantities.length % 10 < 3;
    const values = contested ? [value, Math.round(value * 1.25), Math.round(value * 0.6)] : [value];
    quantities.push({ key, label: `${cap(noun)} that ${verb}`, unit: noun, noun, verb, values });
  }
  const claims = CLAIMS.map((c, i) => ({ key: `c-${slug(c).split('-').slice(0, 4).join('-')}-${i}`, label: cap(c) }));
  const people = entities.filter((e) => e.type === 'person');
  const quotes = QUOTE_TEXTS.map((t, i) => {
    const speaker = people[i % people.length];
    return { key: `qt-${i}-${slug(t).split('-').slice(0, 3).join('-')}`, label: t, text: t, speaker: speaker.key };
  });
  return { entities, quantities, claims, quotes, people };
}

function dossierYaml(d) {
  const out = ['# Synthetic benchmark dossier (bench/lib/corpus.mjs). Every name is invented.', 'title: Valdera port crisis (synthetic)', '', 'entities:'];
  for (const e of d.entities) {
    out.push(`  ${e.key}:`, `    name: ${yamlString(e.name)}`, `    type: ${e.type}`);
    if (e.role) out.push(`    role: ${yamlString(e.role)}`);
  }
  out.push('', 'quantities:');
  for (const q of d.quantities) out.push(`  ${q.key}: { label: ${yamlString(q.label)}, unit: ${q.unit} }`);
  out.push('', 'claims:');
  for (const c of d.claims) out.push(`  ${c.key}: { label: ${yamlString(c.label)} }`);
  out.push('', 'quotes:');
  for (const q of d.quotes) out.push(`  ${q.key}:`, `    label: ${yamlString(q.label)}`, `    speaker: ${q.speaker}`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// One article and its companion

/** Sentences that carry annotatable spans; each returns { text, spans: [{at, text, kind, fields}] }. */
function specialSentence(rng, d, ctx) {
  const roll = rng.next();
  if (roll < 0.3) {
    // figure
    const q = rng.pick(ctx.quantities);
    const value = ctx.valueOf(q);
    const [approx, word] = rng.pick(APPROX_WORDS);
    const figure = `${word}${fmt(value)} ${q.noun} ${q.verb}`;
    const claimant = rng.pick(d.entities);
    const lead = rng.pick([`${claimant.name} said `, `According to ${claimant.name}, `, 'Officials said ', `Figures released by ${claimant.name} showed `]);
    const text = `${lead}${figure}${rng.pick([' in the first two days.', ' across the region.', ' by late evening.', ', up sharply from the previous count.', ' since the start of the week.'])}`;
    const fields = { quantity: q.key, value, approx, claimant: claimant.key };
    return { text, spans: [{ at: lead.length, text: figure, kind: 'figure', fields }, entitySpan(text, claimant)] };
  }
  if (roll < 0.5) {
    // quote, with the speaker named
    const q = rng.pick(d.quotes);
    const speaker = d.entities.find((e) => e.key === q.speaker);
    const words = q.text;
    const open = ctx.curly ? '\u201c' : '"';
    const close = ctx.curly ? '\u201d' : '"';
    const text = `${open}${words},${close} ${speaker.name} ${rng.pick(['said', 'told reporters', 'said in a statement', 'wrote on social media'])}${rng.pick(['.', ` on ${rng.pick(WEEKDAYS)}.`, ` in ${rng.pick(PLACES)}.`])}`;
    return { text, spans: [{ at: 1, text: words, kind: 'quote', fields: { speaker: speaker.key, quote: q.key } }, entitySpan(text, speaker)] };
  }
  if (roll < 0.7) {
    // claim
    const c = rng.pick(d.claims);
    const who = rng.pick(d.entities);
    const [stance, verb] = rng.pick(STANCE_VERBS);
    const claimWords = c.label.charAt(0).toLowerCase() + c.label.slice(1);
    const head = `${who.name} ${verb} `;
    const text = `${head}${claimWords}${rng.pick(['.', ', without giving details.', ', citing internal documents.', ' in a late-night briefing.'])}`;
    return { text, spans: [{ at: head.length, text: claimWords, kind: 'claim', fields: { claim: c.key, stance, claimant: who.key } }, entitySpan(text, who)] };
  }
  if (roll < 0.85) {
    // date
    const dayIndex = rng.int(0, 6);
    const day = `on ${WEEKDAYS[dayIndex]}${rng.pick(DAYPARTS)}`;
    const head = `${cap(rng.pick(['the talks', 'the inspection', 'the vote', 'the march', 'the hearing', 'the convoy']))} ${rng.pick(['took place', 'was postponed', 'went ahead', 'was announced'])} `;
    const text = `${head}${day}${rng.pick([' in ' + rng.pick(PLACES) + '.', ', officials said.', ' after a long delay.'])}`;
    return { text, spans: [{ at: head.length, text: day, kind: 'date', fields: { date: `2026-03-${String(2 + dayIndex).padStart(2, '0')}` } }] };
  }
  // a note on a filler sentence
  const text = rng.pick(FILLER)(rng, ctx);
  const cut = text.slice(0, Math.min(text.length - 1, 60 + rng.int(0, 20)));
  return { text, spans: [{ at: 0, text: cut.slice(0, Math.max(cut.lastIndexOf(' '), 20)), kind: 'note', fields: { note: rng.pick(['Background colour; not sourced.', 'Check against the wire original.', 'Same sentence appears in several outlets.', 'Unverified at publication time.']) } }] };
}

function entitySpan(sentence, entity) {
  const at = sentence.indexOf(entity.name);
  return { at, text: entity.name, kind: 'entity', fields: { entity: entity.key } };
}

/** One small edit (substitute, delete or insert one character) in the middle of a string. */
function smallEdit(rng, s) {
  const i = rng.int(3, s.length - 4);
  const op = rng.int(0, 2);
  const letter = 'etaoinshrdlu'[rng.int(0, 11)];
  if (op === 0) return s.slice(0, i) + (s[i] === letter ? 'x' : letter) + s.slice(i + 1);
  if (op === 1) return s.slice(0, i) + s.slice(i + 1);
  return s.slice(0, i) + letter + s.slice(i);
}

function makePair(rng, d, index) {
  const outlet = OUTLETS[index % OUTLETS.length];
  const published = `2026-03-${String(2 + rng.int(0, 7)).padStart(2, '0')}`;
  const targetBytes = rng.int(5 * 1024, 20 * 1024);
  const quantities = rng.sample(d.quantities, 6);
  const reported = new Map();
  const ctx = {
    outlet,
    curly: rng.chance(0.5),
    quantities,
    valueOf(q) {
      if (!reported.has(q.key)) reported.set(q.key, q.values.length > 1 && rng.chance(0.35) ? rng.pick(q.values.slice(1)) : q.values[0]);
      return reported.get(q.key);
    },
  };

  const headline = `${cap(rng.pick(['port strike', 'storm damage', 'evacuation', 'talks', 'relief effort', 'closure']))} ${rng.pick(['deepens', 'enters third day', 'spreads along coast', 'stalls', 'draws protests', 'tests government'])} in ${rng.pick(PLACES)}`;
  let text = `${headline}\n\nBy ${rng.pick(FIRST)} ${rng.pick(LAST)}, ${outlet}\n\n${rng.pick(PLACES).toUpperCase()}, March ${published.slice(-2).replace(/^0/, '')} - `;
  const opportunities = [];
  let sentencesInParagraph = 0;
  while (text.length < targetBytes) {
    const special = rng.chance(0.55);
    const s = special ? specialSentence(rng, d, ctx) : { text: rng.pick(FILLER)(rng, ctx), spans: [] };
    const base = text.length;
    text += s.text;
    for (const sp of s.spans) if (sp.at >= 0 && sp.text.length >= 3) opportunities.push({ ...sp, start: base + sp.at });
    sentencesInParagraph++;
    if (sentencesInParagraph >= rng.int(2, 4)) {
      text += '\n\n';
      sentencesInParagraph = 0;
    } else text += ' ';
  }
  text = text.trimEnd() + '\n';

  // Choose ~30 annotations spread over the article, every kind represented.
  const wanted = rng.int(26, 34);
  const byKind = new Map();
  for (const o of opportunities) {
    if (!byKind.has(o.kind)) byKind.set(o.kind, []);
    byKind.get(o.kind).push(o);
  }
  const quota = { figure: 0.27, quote: 0.17, entity: 0.2, claim: 0.15, date: 0.11, note: 0.1 };
  let chosen = [];
  for (const [kind, share] of Object.entries(quota)) {
    const pool = byKind.get(kind) ?? [];
    chosen.push(...rng.sample(pool, Math.max(1, Math.round(wanted * share))));
  }
  chosen = chosen.slice(0, wanted).sort((a, b) => a.start - b.start);

  const lines = ['source:', `  outlet: ${yamlString(outlet)}`, `  published: ${published}`, `  title: ${yamlString(headline)}`, '  language: en', 'annotations:'];
  const counters = {};
  let approximate = 0;
  for (const o of chosen) {
    const prefixLetter = { figure: 'f', quote: 'q', entity: 'e', claim: 'c', date: 'd', note: 'n' }[o.kind];
    counters[o.kind] = (counters[o.kind] ?? 0) + 1;
    const unique = text.indexOf(o.text) === text.lastIndexOf(o.text);
    let annotated = o.text;
    let start;
    if (o.text.length >= 12 && rng.chance(0.21)) {
      // ~20% of all annotations: one small edit away from the article, with a start hint.
      annotated = smallEdit(rng, o.text);
      start = o.start;
      approximate++;
    } else if (!unique || rng.chance(0.5)) {
      start = o.start;
    }
    lines.push(`  - id: ${prefixLetter}${counters[o.kind]}`, `    kind: ${o.kind}`, `    text: ${yamlString(annotated)}`);
    if (start !== undefined) lines.push(`    start: ${start}`);
    if (!unique && rng.chance(0.3)) lines.push(`    prefix: ${yamlString(text.slice(Math.max(0, o.start - 12), o.start))}`);
    for (const [k, v] of Object.entries(o.fields)) lines.push(`    ${k}: ${typeof v === 'number' ? v : k === 'date' ? v : yamlString(v)}`);
  }
  return { article: text, companion: lines.join('\n') + '\n', annotations: chosen.length, approximate };
}

// ---------------------------------------------------------------------------

/**
 * Makes (or reuses) the corpus for a seed and size under `cacheDir`.
 * Returns { root, dossier, pairs: [{ article, companion }] (absolute paths), bytes, ... }.
 */
export function ensureCorpus(cacheDir, seed, pairs, log = () => {}) {
  const root = join(cacheDir, `corpus-v${GENERATOR_VERSION}-s${seed}-n${pairs}`);
  const manifestPath = join(root, '.manifest.json');
  if (existsSync(manifestPath)) {
    try {
      const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (m.version === GENERATOR_VERSION && m.seed === seed && m.pairs === pairs) {
        log(`reusing corpus ${root}`);
        return { ...m, root, reused: true };
      }
    } catch {
      // fall through and regenerate
    }
  }
  const started = Date.now();
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const rng = new Rng(seed);
  const d = makeDossier(rng.fork(1));
  const dossierText = dossierYaml(d);
  writeFileSync(join(root, 'dossier.yaml'), dossierText);
  let articleBytes = 0;
  let companionBytes = 0;
  let annotations = 0;
  let approximate = 0;
  const files = [];
  for (let i = 0; i < pairs; i++) {
    const folder = `batch-${String(Math.floor(i / PER_FOLDER)).padStart(3, '0')}`;
    if (i % PER_FOLDER === 0) mkdirSync(join(root, folder), { recursive: true });
    const name = `${String(i).padStart(5, '0')}-${slug(OUTLETS[i % OUTLETS.length])}`;
    const p = makePair(rng.fork(1000 + i), d, i);
    const article = join(folder, `${name}.txt`);
    const companion = join(folder, `${name}.ann.yaml`);
    writeFileSync(join(root, article), p.article);
    writeFileSync(join(root, companion), p.companion);
    articleBytes += Buffer.byteLength(p.article);
    companionBytes += Buffer.byteLength(p.companion);
    annotations += p.annotations;
    approximate += p.approximate;
    files.push({ article, companion });
  }
  const manifest = {
    version: GENERATOR_VERSION,
    seed,
    pairs,
    dossier: 'dossier.yaml',
    files,
    articleBytes,
    companionBytes,
    dossierBytes: Buffer.byteLength(dossierText),
    annotations,
    approximate,
    quantities: d.quantities.length,
    contestedQuantities: d.quantities.filter((q) => q.values.length > 1).length,
  };
  writeFileSync(manifestPath, JSON.stringify(manifest));
  log(`generated ${pairs} pairs in ${Date.now() - started} ms at ${root}`);
  return { ...manifest, root, reused: false };
}
