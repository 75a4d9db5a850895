// npm run bench:ratecards — DESIGN §10's rate-deck budgets (issue 6), on real Postgres only: PGlite is far too slow for
// a 1,000,000-row deck (38 s and 1.5 GB for the load alone, see rate-load-probe.ts), so there is no PGlite row.
//
// 1. Generates two decks as CSV files in a temp dir: an A–Z international deck (~30k rows, Destination,Prefix,Rate,
//    Billing) and a 1,000,000-row US NPANXX deck (NPANXX,Destination,Interstate,Intrastate,Indeterminate,Billing; every
//    1NPANXX from 1000000 to 1999999 once, written as 7-digit 1NPANXX or 6-digit NPANXX).
// 2. Imports each exactly as `ratecard upload "<card>" confirm=yes` does — the app's dispatcher (createApp) with the file
//    as an attachment, timed from dispatch to reply — in a child process, so its peak RSS (maxRSS) is its own. Another
//    child times the phases separately: readDeck (decode, split, validate) and store.revisions.insert (COPY).
// 3. Times psql's `\copy` of the same rows (as TSV, the rows readDeck produced) into the same table, in the same run,
//    alternating with the imports, the table truncated before every run; prints the ratio.
// 4. With the 1M-row revision active: 10,000 sequential longestMatches(prefixesOf(number), [card]); then least-cost over
//    20 termination cards (50k rows each, on 20 carriers): 2,000 longestMatches(prefixes) with no card ids.
// 5. Writes the figures into test/bench/README.md (bench:ratecards).
//   BENCH_RATECARD_ROWS (default 1000000, at most 1000000), BENCH_RATECARD_TRIALS (default 3) change the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql as drizzleSql } from 'drizzle-orm';
import postgres from 'postgres';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { readDeck } from '../../src/core/ratecards/deck.ts';
import { prefixesOf } from '../../src/core/ratecards/pricing.ts';
import type { Invocation } from '../../src/core/runtime/invocation.ts';
import type { RateRowInput } from '../../src/core/store.ts';
import { createDb } from '../../src/db/client.ts';
import { createStore } from '../../src/db/store.ts';
import { createLogger } from '../../src/logger.ts';
import { decodeDeck, records } from '../../src/ratecards/sniff.ts';
import { benchUrl, machine, percentile, rng, writeSection } from './lib.ts';

const SELF = fileURLToPath(import.meta.url);
const COLUMNS = 'revision_id, prefix, name, rate, inter, intra, indeterminate, mcd, pulse, connect, blocked, effective_at';
const AZ_ROWS = 30_000;
const LOOKUPS = 10_000;
const LCR_CARDS = 20;
const LCR_ROWS = 50_000;
const LCR_LOOKUPS = 2_000;
const BUDGET = { ratio: 1.5, rssMB: 300, lookupP99: 2, lcrP99: 10 };

// ---- decks --------------------------------------------------------------------------------------------------------

// Country codes as A–Z decks list them (a sample of real ones; NANP islands under 1).
const COUNTRIES = `1:USA;1242:Bahamas;1246:Barbados;1264:Anguilla;1268:Antigua;1284:British Virgin Islands;1345:Cayman Islands;1441:Bermuda;1473:Grenada;1649:Turks and Caicos;1664:Montserrat;1670:Northern Mariana Islands;1671:Guam;1684:American Samoa;1721:Sint Maarten;1758:Saint Lucia;1767:Dominica;1784:Saint Vincent;1787:Puerto Rico;1809:Dominican Republic;1868:Trinidad and Tobago;1869:Saint Kitts and Nevis;1876:Jamaica;20:Egypt;211:South Sudan;212:Morocco;213:Algeria;216:Tunisia;218:Libya;220:Gambia;221:Senegal;222:Mauritania;223:Mali;224:Guinea;225:Ivory Coast;226:Burkina Faso;227:Niger;228:Togo;229:Benin;230:Mauritius;231:Liberia;232:Sierra Leone;233:Ghana;234:Nigeria;235:Chad;236:Central African Republic;237:Cameroon;238:Cape Verde;239:Sao Tome;240:Equatorial Guinea;241:Gabon;242:Congo;243:DR Congo;244:Angola;248:Seychelles;249:Sudan;250:Rwanda;251:Ethiopia;252:Somalia;253:Djibouti;254:Kenya;255:Tanzania;256:Uganda;257:Burundi;258:Mozambique;260:Zambia;261:Madagascar;263:Zimbabwe;264:Namibia;265:Malawi;266:Lesotho;267:Botswana;268:Eswatini;269:Comoros;27:South Africa;291:Eritrea;297:Aruba;298:Faroe Islands;299:Greenland;30:Greece;31:Netherlands;32:Belgium;33:France;34:Spain;350:Gibraltar;351:Portugal;352:Luxembourg;353:Ireland;354:Iceland;355:Albania;356:Malta;357:Cyprus;358:Finland;359:Bulgaria;36:Hungary;370:Lithuania;371:Latvia;372:Estonia;373:Moldova;374:Armenia;375:Belarus;376:Andorra;377:Monaco;378:San Marino;380:Ukraine;381:Serbia;382:Montenegro;385:Croatia;386:Slovenia;387:Bosnia;389:North Macedonia;39:Italy;40:Romania;41:Switzerland;420:Czech Republic;421:Slovakia;423:Liechtenstein;43:Austria;44:United Kingdom;45:Denmark;46:Sweden;47:Norway;48:Poland;49:Germany;500:Falkland Islands;501:Belize;502:Guatemala;503:El Salvador;504:Honduras;505:Nicaragua;506:Costa Rica;507:Panama;509:Haiti;51:Peru;52:Mexico;53:Cuba;54:Argentina;55:Brazil;56:Chile;57:Colombia;58:Venezuela;591:Bolivia;592:Guyana;593:Ecuador;595:Paraguay;597:Suriname;598:Uruguay;60:Malaysia;61:Australia;62:Indonesia;63:Philippines;64:New Zealand;65:Singapore;66:Thailand;670:East Timor;673:Brunei;675:Papua New Guinea;676:Tonga;679:Fiji;685:Samoa;7:Russia;77:Kazakhstan;81:Japan;82:South Korea;84:Vietnam;852:Hong Kong;853:Macau;855:Cambodia;856:Laos;86:China;880:Bangladesh;886:Taiwan;90:Turkey;91:India;92:Pakistan;93:Afghanistan;94:Sri Lanka;95:Myanmar;960:Maldives;961:Lebanon;962:Jordan;963:Syria;964:Iraq;965:Kuwait;966:Saudi Arabia;967:Yemen;968:Oman;970:Palestine;971:United Arab Emirates;972:Israel;973:Bahrain;974:Qatar;975:Bhutan;976:Mongolia;977:Nepal;98:Iran;992:Tajikistan;993:Turkmenistan;994:Azerbaijan;995:Georgia;996:Kyrgyzstan;998:Uzbekistan`
  .split(';')
  .map((s) => s.split(':') as [string, string]);
const OPERATORS = ['Vodafone', 'Orange', 'MTN', 'Airtel', 'Telefonica', 'T-Mobile', 'Digicel', 'Etisalat', 'Other'];
const STATES = 'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'.split(' ');

interface AzEntry {
  prefix: string;
  name: string;
}

/** ~`target` unique international prefixes: each country code, then mobile and city breakouts 1–4 digits longer. */
function azEntries(target: number): AzEntry[] {
  const r = rng(6);
  const out = new Map<string, string>();
  for (const [cc, country] of COUNTRIES) out.set(cc, `${country} - Fixed`);
  while (out.size < target) {
    // Skewed towards the front of the list a little, as bigger markets have more breakouts.
    const [cc, country] = COUNTRIES[Math.floor(r() ** 1.3 * COUNTRIES.length)]!;
    let p = cc;
    const extra = 1 + Math.floor(r() * 4);
    for (let i = 0; i < extra; i++) p += String(Math.floor(r() * 10));
    if (cc.length + extra > 9 || out.has(p)) continue;
    out.set(p, r() < 0.6 ? `${country} - Mobile ${OPERATORS[Math.floor(r() * OPERATORS.length)]}` : `${country} - Fixed City ${p.slice(cc.length, cc.length + 2)}`);
  }
  return [...out].map(([prefix, name]) => ({ prefix, name })).sort((a, b) => a.name.localeCompare(b.name) || a.prefix.localeCompare(b.prefix));
}

const BILLINGS = ['60/60', '60/60', '1/1', '30/6', '60/1', '30/30'];
const price = (r: () => number, lo: number, hi: number, decimals: number) => (lo + r() * (hi - lo)).toFixed(decimals);

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out: WriteStream = createWriteStream(file);
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function* azDeck(entries: AzEntry[]): Generator<string> {
  const r = rng(7);
  yield 'Destination,Prefix,Rate,Billing\n';
  for (const e of entries) yield `${e.name},${e.prefix},${price(r, 0.002, 0.45, 4)},${BILLINGS[Math.floor(r() * BILLINGS.length)]}\n`;
}

/** The 6 digits after the 1 of the i-th code (0 ≤ i < 1,000,000). */
const npanxx = (i: number) => String(i).padStart(6, '0');

function* npanxxDeck(rows: number): Generator<string> {
  const r = rng(8);
  yield 'NPANXX,Destination,Interstate,Intrastate,Indeterminate,Billing\n';
  for (let i = 0; i < rows; i++) {
    const code = npanxx(i);
    // Both forms decks use; a code starting with 0 can only be written with its 1 (6 digits may not start with 0).
    const cell = code.startsWith('0') || i % 4 === 0 ? `1${code}` : code;
    const npa = Number(code.slice(0, 3));
    const inter = price(r, 0.002, 0.015, 6);
    yield `${cell},USA - ${STATES[npa % STATES.length]} - RC${(npa * 7 + Number(code.slice(3))) % 150},${inter},${price(r, 0.002, 0.02, 6)},${inter},${r() < 0.9 ? '6/6' : '60/6'}\n`;
  }
}

// ---- child processes ----------------------------------------------------------------------------------------------

interface ImportResult {
  seconds: number;
  firstProgress: number | null;
  lastProgress: number | null;
  reply: string;
  baseRssMB: number;
  maxRssMB: number;
}

interface PhaseResult {
  readFileSeconds: number;
  readDeckSeconds: number;
  loadSeconds: number;
  decodeSeconds: number;
  splitSeconds: number;
  rows: number;
  baseRssMB: number;
  rssAfterFileMB: number;
  rssAfterReadMB: number;
  /** Heap the deck reading keeps (after a forced GC, less the heap before it). */
  heapRetainedMB: number;
  /** Peak RSS once readDeck and the COPY have run (before the TSV, decode and split extras). */
  maxRssMB: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;
const silent = () => new Writable({ write: (_c, _e, cb) => cb() });
const benchConfig = () => loadConfig({ TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'warn' });
const console_ = { platform: 'console' as const, user: { id: 'console:local', groups: [] }, positionals: [], interactive: false };

async function openApp(url: string): Promise<App> {
  const config = benchConfig();
  return createApp(config, createLogger(config, silent()), { db: await createDb({ url, poolSize: 2 }) });
}

/** The real import: `ratecard upload "<card>" confirm=yes` with the file attached, timed from dispatch to reply. */
async function childImport(url: string, file: string, card: string): Promise<ImportResult> {
  const app = await openApp(url);
  try {
    const baseRssMB = mb(process.memoryUsage().rss);
    const data = readFileSync(file); // what the adapter hands over (downloaded, unzipped)
    let firstProgress: number | null = null;
    let lastProgress: number | null = null;
    const inv: Invocation = {
      ...console_,
      path: ['ratecard', 'upload'],
      args: { card, confirm: 'yes' },
      attachments: { file: { name: file.split('/').pop()!, data } },
      progress: () => {
        lastProgress = performance.now();
        firstProgress ??= lastProgress;
      },
    };
    const start = performance.now();
    const out = await app.dispatcher.dispatch(inv);
    const seconds = (performance.now() - start) / 1000;
    const reply = out.type === 'reply' ? `${out.tone ?? ''} ${out.text ?? ''}`.trim() : out.type;
    if (out.type !== 'reply' || out.tone === 'error') throw new Error(`upload failed: ${reply}`);
    const rel = (t: number | null) => (t === null ? null : (t - start) / 1000);
    return { seconds, firstProgress: rel(firstProgress), lastProgress: rel(lastProgress), reply, baseRssMB, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await app.close();
  }
}

/** The phases one at a time: readDeck, then the COPY of its rows; then decode and split alone (after, so they do not disturb the others). Writes the rows as TSV for psql. */
async function childPhases(url: string, file: string, card: string, tsv: string, psqlRevision: string): Promise<PhaseResult> {
  const handle = await createDb({ url, poolSize: 2 });
  const store = createStore(handle.db);
  try {
    const rateCard = (await store.rateCards.findByName(card))!;
    (globalThis as { gc?: () => void }).gc?.();
    const heapBeforeMB = mb(process.memoryUsage().heapUsed);
    const baseRssMB = mb(process.memoryUsage().rss);
    let t = performance.now();
    const data = readFileSync(file);
    const readFileSeconds = (performance.now() - t) / 1000;
    const rssAfterFileMB = mb(process.memoryUsage().rss);
    t = performance.now();
    const deck = readDeck(data, rateCard, { now: new Date() });
    const readDeckSeconds = (performance.now() - t) / 1000;
    const rssAfterReadMB = mb(process.memoryUsage().rss);
    (globalThis as { gc?: () => void }).gc?.();
    const heapRetainedMB = mb(process.memoryUsage().heapUsed) - heapBeforeMB;
    if (deck.counts.errors) throw new Error(`${file}: ${deck.counts.errors} errors, first: ${JSON.stringify(deck.errors[0])}`);
    t = performance.now();
    const rev = await store.revisions.insert({ cardId: rateCard.id, status: 'inactive', dateLive: null, sourceName: 'phases', uploadedBy: null, rows: deck.rows });
    const loadSeconds = (performance.now() - t) / 1000;
    const maxRssMB = process.resourceUsage().maxRSS / 1024;
    // The same rows as COPY text for psql (untimed; names hold no tab, backslash or newline).
    const n = (v: string | null) => v ?? '\\N';
    await writeLines(
      tsv,
      (function* () {
        for (const r of deck.rows) {
          yield `${psqlRevision}\t${r.prefix}\t${n(r.name)}\t${n(r.rate)}\t${n(r.inter)}\t${n(r.intra)}\t${n(r.indeterminate)}\t${r.mcd}\t${r.pulse}\t${n(r.connect)}\t${r.blocked ? 't' : 'f'}\t${r.effectiveAt ? r.effectiveAt.toISOString() : '\\N'}\n`;
        }
      })(),
    );
    t = performance.now();
    const { text } = decodeDeck(data);
    const decodeSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    let cells = 0;
    for (const rec of records(text, ',')) cells += rec.cells.length;
    const splitSeconds = (performance.now() - t) / 1000;
    if (!cells) throw new Error('no cells');
    return { readFileSeconds, readDeckSeconds, loadSeconds, decodeSeconds, splitSeconds, rows: rev.rowCount, baseRssMB, rssAfterFileMB, rssAfterReadMB, heapRetainedMB, maxRssMB };
  } finally {
    await handle.close();
  }
}

function runChild<T>(mode: string, ...args: string[]): T {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, '--child', mode, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${mode} failed (status ${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

// ---- the run ------------------------------------------------------------------------------------------------------

interface DeckRun {
  deck: string;
  file: string;
  fileMB: number;
  rows: number;
  phases: PhaseResult;
  imports: ImportResult[];
  psql: number[];
}

interface Lookup {
  key: 'floor' | 'one' | 'analyzed' | 'lcr';
  what: string;
  ops: number;
  p50: number;
  p99: number;
  max: number;
  matches: number;
}

async function main() {
  const usRows = Math.min(1_000_000, Number(process.env.BENCH_RATECARD_ROWS ?? 1_000_000));
  const trials = Math.max(1, Number(process.env.BENCH_RATECARD_TRIALS ?? 3));
  const name = `trunkops_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(benchUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(benchUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dir = mkdtempSync(join(tmpdir(), 'ratecard-bench-'));
  let app: App | undefined;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    app = await openApp(url);
    const pgVersion = (await sql`show server_version`)[0]!.server_version as string;
    const dispatch = async (path: string[], args: Record<string, string>) => {
      const out = await app!.dispatcher.dispatch({ ...console_, path, args });
      if (out.type !== 'reply' || out.tone === 'error') throw new Error(`${path.join(' ')}: ${out.type === 'reply' ? out.text : out.type}`);
    };

    // Decks.
    const az = azEntries(AZ_ROWS);
    const azFile = join(dir, 'acme-a-z.csv');
    const usFile = join(dir, 'acme-us-npanxx.csv');
    await writeLines(azFile, azDeck(az));
    await writeLines(usFile, npanxxDeck(usRows));

    // Carriers and cards through the dispatcher, as an admin would.
    await dispatch(['carrier', 'add'], { name: 'Acme', sip_address: 'sip.acme.example:5060' });
    await dispatch(['ratecard', 'create'], { name: 'Acme A-Z', carrier: 'Acme', currency: 'USD' });
    await dispatch(['ratecard', 'create'], { name: 'Acme US', carrier: 'Acme', currency: 'USD', presentation: 'inter_intra_indeterminate' });
    await dispatch(['carrier', 'add'], { name: 'Psql Target', sip_address: 'sip.psql.example:5060' });
    await dispatch(['ratecard', 'create'], { name: 'Psql Target', carrier: 'Psql Target', currency: 'USD', direction: 'origination' });
    const psqlCard = (await app.store.rateCards.findByName('Psql Target'))!;
    const psqlRev = await app.store.revisions.insert({ cardId: psqlCard.id, status: 'draft', dateLive: null, sourceName: null, uploadedBy: null, rows: [] });

    const reset = async () => {
      await sql`truncate rates`;
      await sql`delete from rate_card_revisions where id <> ${psqlRev.id}`;
      await sql`checkpoint`;
    };
    const psql = (tsv: string) => {
      const start = performance.now();
      execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy rates (${COLUMNS}) from '${tsv}'`], { stdio: 'inherit' });
      return (performance.now() - start) / 1000;
    };

    const runs: DeckRun[] = [];
    for (const [deck, file, card] of [
      ['A–Z international', azFile, 'Acme A-Z'],
      ['US NPANXX', usFile, 'Acme US'],
    ] as const) {
      const tsv = `${file}.tsv`;
      await reset();
      const phases = runChild<PhaseResult>('phases', url, file, card, tsv, psqlRev.id);
      console.log(`${deck}: ${phases.rows} rows; readDeck ${phases.readDeckSeconds.toFixed(2)} s (decode ${phases.decodeSeconds.toFixed(2)} s, split ${phases.splitSeconds.toFixed(2)} s), load ${phases.loadSeconds.toFixed(2)} s, RSS after read ${phases.rssAfterReadMB.toFixed(0)} MB`);
      const run: DeckRun = { deck, file, fileMB: statSync(file).size / 1e6, rows: phases.rows, phases, imports: [], psql: [] };
      let last = '';
      for (let t = 0; t < trials; t++) {
        for (const which of t % 2 === 0 ? ['psql', 'import'] : ['import', 'psql']) {
          await reset();
          if (which === 'psql') {
            run.psql.push(psql(tsv));
            console.log(`${deck} trial ${t + 1}: psql \\copy ${run.psql.at(-1)!.toFixed(2)} s`);
          } else {
            const r = runChild<ImportResult>('import', url, file, card);
            run.imports.push(r);
            console.log(`${deck} trial ${t + 1}: ratecard upload ${r.seconds.toFixed(2)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB — ${r.reply}`);
          }
          last = which;
        }
      }
      // The lookups need the import's revision live.
      if (last === 'psql') {
        await reset();
        runChild<ImportResult>('import', url, file, card);
      }
      rmSync(tsv, { force: true });
      runs.push(run);
    }

    const lookups = await measureLookups(app, sql, az);
      report(runs, lookups, pgVersion);
  } finally {
    await app?.close();
    await sql.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeCalls(n: number, warmup: number, call: (i: number) => Promise<number>): Promise<Omit<Lookup, 'what' | 'key'>> {
  for (let i = 0; i < warmup; i++) await call(-1 - i);
  const ms: number[] = [];
  let matches = 0;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    matches += await call(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { ops: n, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)!, matches };
}

/** Planning and execution time of one single-card lookup as EXPLAIN ANALYZE reports them (third run, warm). */
let explained = '';

async function measureLookups(app: App, sql: postgres.Sql, az: AzEntry[]): Promise<Lookup[]> {
  const store = app.store;
  const [stats] = await sql`select last_autoanalyze, last_analyze from pg_stat_user_tables where relname = 'rates'`;
  console.log(`rates before the lookups: last autoanalyze ${stats?.last_autoanalyze ?? 'never'}, last analyze ${stats?.last_analyze ?? 'never'}`);
  const us = (await store.rateCards.findByName('Acme US'))!;
  const active = (await store.rateCards.revisions(us.id)).find((r) => r.status === 'active')!;
  const r = rng(9);
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(r() * 10)).join('');
  // A US number: 1 + NPA (2–9…) + NXX (2–9…) + 4 digits; an international one: an A–Z prefix, then digits up to 12.
  const usNumber = () => `1${2 + Math.floor(r() * 8)}${digits(2)}${2 + Math.floor(r() * 8)}${digits(2)}${digits(4)}`;
  const intlNumber = () => {
    const p = az[Math.floor(r() * az.length)]!.prefix;
    return p + digits(Math.max(2, 12 - p.length));
  };
  const out: Lookup[] = [];

  // The floor: a round trip of the smallest query through the same drizzle / postgres.js pool.
  const floor = await timeCalls(LOOKUPS, 500, async () => (await app.db.db.execute(drizzleSql`select 1`), 0));
  out.push({ key: 'floor', what: 'floor: `select 1` through the same pool (no rates involved)', ...floor });
  console.log(`select 1: p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms, max ${floor.max.toFixed(1)} ms`);
  // The plan of one lookup (the query of rateCards.longestMatches, copied here for EXPLAIN; printed, not written).
  let plan: postgres.RowList<postgres.Row[]> | undefined;
  for (let i = 0; i < 3; i++) {
    const sample = prefixesOf(usNumber());
    plan = await sql.unsafe(
    `explain (analyze, buffers) select distinct on (c.id) c.id, r.prefix, r.rate from rate_cards c join carriers car on car.id = c.carrier_id
     join rate_card_revisions v on v.card_id = c.id and v.status = 'active' join rates r on r.revision_id = v.id and r.prefix in (${sample.map((_, i) => `$${i + 2}`).join(', ')})
     where c.id in ($1) order by c.id, length(r.prefix) desc`,
    [us.id, ...sample],
    );
  }
  const planText = plan!.map((p) => p['QUERY PLAN'] as string);
  console.log(planText.join('\n'));
  explained = planText.filter((l) => /^(Planning|Execution) Time/.test(l)).join(', ');

  const one = await timeCalls(LOOKUPS, 500, async () => (await store.rateCards.longestMatches(prefixesOf(usNumber()), [us.id])).length);
  out.push({ key: 'one', what: `longest prefix, one card (${active.rowCount.toLocaleString('en-US')}-row active revision), US numbers, as imported`, ...one });
  console.log(`lookup on one card: p50 ${one.p50.toFixed(2)} ms, p99 ${one.p99.toFixed(2)} ms, max ${one.max.toFixed(1)} ms, ${one.matches} matches`);

  // Least-cost: 20 termination cards on 20 carriers, each an A–Z deck with US breakouts, priced differently.
  // The 1M-row revision goes inactive (its rows stay in the table), so exactly these 20 cards are active.
  await store.revisions.setStatus(active.id, 'inactive');
  const dispatch = async (path: string[], args: Record<string, string>) => {
    const o = await app.dispatcher.dispatch({ ...console_, path, args });
    if (o.type !== 'reply' || o.tone === 'error') throw new Error(`${path.join(' ')}: ${o.type === 'reply' ? o.text : o.type}`);
  };
  const loadStart = performance.now();
  for (let k = 0; k < LCR_CARDS; k++) {
    await dispatch(['carrier', 'add'], { name: `Termination ${k}`, sip_address: `t${k}.example:5060` });
    await dispatch(['ratecard', 'create'], { name: `Termination ${k} A-Z`, carrier: `Termination ${k}`, currency: 'USD' });
    const card = (await store.rateCards.findByName(`Termination ${k} A-Z`))!;
    const cr = rng(100 + k);
    const rows = function* (): Generator<RateRowInput> {
      const base: Omit<RateRowInput, 'prefix' | 'name' | 'rate'> = { inter: null, intra: null, indeterminate: null, mcd: 60, pulse: 60, connect: null, blocked: false, effectiveAt: null };
      for (const e of az) yield { ...base, prefix: e.prefix, name: e.name, rate: price(cr, 0.002, 0.45, 4) };
      // US breakouts: LCR_ROWS - A–Z rows distinct 1NPANXX codes with N in 2–9, a different slice per card.
      const seen = new Set<string>(az.map((e) => e.prefix));
      while (seen.size < LCR_ROWS) {
        const code = `1${2 + Math.floor(cr() * 8)}${digits(2)}${2 + Math.floor(cr() * 8)}${digits(2)}`;
        if (seen.has(code)) continue;
        seen.add(code);
        yield { ...base, prefix: code, name: 'USA', rate: price(cr, 0.002, 0.015, 6), mcd: 6, pulse: 6 };
      }
    };
    const rev = await store.transaction((tx) => tx.revisions.insert({ cardId: card.id, status: 'inactive', dateLive: null, sourceName: 'generated', uploadedBy: null, rows: rows() }));
    await store.revisions.setStatus(rev.id, 'active', { activatedAt: new Date() });
  }
  console.log(`${LCR_CARDS} termination cards × ${LCR_ROWS} rows loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
  const [{ cards }] = (await sql`select count(*)::int as cards from rate_cards c join rate_card_revisions v on v.card_id = c.id and v.status = 'active' where c.direction = 'termination'`) as unknown as [{ cards: number }];
  if (cards !== LCR_CARDS) throw new Error(`${cards} active termination cards, expected ${LCR_CARDS}`);
  const lcr = await timeCalls(LCR_LOOKUPS, 200, async (i) => (await store.rateCards.longestMatches(prefixesOf(i % 2 === 0 ? usNumber() : intlNumber()))).length);
  out.push({ key: 'lcr', what: `least-cost, every active termination card (${LCR_CARDS} × ${LCR_ROWS.toLocaleString('en-US')} rows), half US, half international numbers`, ...lcr });
  console.log(`least-cost over ${LCR_CARDS} cards: p50 ${lcr.p50.toFixed(2)} ms, p99 ${lcr.p99.toFixed(2)} ms, max ${lcr.max.toFixed(1)} ms, ${(lcr.matches / LCR_LOOKUPS).toFixed(1)} matches per call`);

  // The imports leave the planner without statistics on the new rows (nothing analyzes them, and autovacuum had not
  // by then in our runs): the same lookups after an ANALYZE show what statistics change. Diagnostic only; the budget
  // rows are the ones above, measured as imported.
  await sql`analyze rates`;
  const lcrAnalyzed = await timeCalls(LCR_LOOKUPS, 200, async (i) => (await store.rateCards.longestMatches(prefixesOf(i % 2 === 0 ? usNumber() : intlNumber()))).length);
  out.push({ key: 'analyzed', what: 'least-cost as above, after `analyze rates` (diagnostic)', ...lcrAnalyzed });
  await store.revisions.setStatus(active.id, 'active', { activatedAt: new Date() });
  const analyzed = await timeCalls(LOOKUPS, 500, async () => (await store.rateCards.longestMatches(prefixesOf(usNumber()), [us.id])).length);
  out.push({ key: 'analyzed', what: 'one card as above, after `analyze rates` (diagnostic)', ...analyzed });
  console.log(`after analyze: least-cost p99 ${lcrAnalyzed.p99.toFixed(2)} ms; one card p50 ${analyzed.p50.toFixed(2)} ms, p99 ${analyzed.p99.toFixed(2)} ms, max ${analyzed.max.toFixed(1)} ms`);
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const yes = (ok: boolean) => (ok ? 'met' : '**not met**');

function report(runs: DeckRun[], lookups: Lookup[], pgVersion: string) {
  const lines = [
    `Measured ${machine()}, Postgres ${pgVersion} on the same machine; ${runs[0]!.imports.length} trial(s) per deck, psql and the import alternating, \`rates\` truncated before every run.`,
    '',
    '| deck | file | rows | trial | `ratecard upload` s | psql `\\copy` s | ratio | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of runs) {
    r.imports.forEach((imp, i) => {
      lines.push(`| ${r.deck} | ${r.fileMB.toFixed(1)} MB | ${r.rows.toLocaleString('en-US')} | ${i + 1} | ${imp.seconds.toFixed(2)} | ${r.psql[i]!.toFixed(2)} | ${(imp.seconds / r.psql[i]!).toFixed(2)}× | ${imp.maxRssMB.toFixed(0)} |`);
    });
  }
  lines.push(
    '',
    'Where the time and memory go, each phase alone in a separate child per deck (readDeck = decode + split + validate; decode and split timed again on their own after the rest; the heap kept is after a forced GC):',
    '',
    '| deck | readDeck s | decode s | split into records s | validate (the rest) s | COPY (`revisions.insert`) s | RSS before / after reading the file / after readDeck / peak after the COPY MB | heap kept by readDeck MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of runs) {
    const p = r.phases;
    lines.push(
      `| ${r.deck} | ${p.readDeckSeconds.toFixed(2)} | ${p.decodeSeconds.toFixed(2)} | ${p.splitSeconds.toFixed(2)} | ${(p.readDeckSeconds - p.decodeSeconds - p.splitSeconds).toFixed(2)} | ${p.loadSeconds.toFixed(2)} | ${p.baseRssMB.toFixed(0)} / ${p.rssAfterFileMB.toFixed(0)} / ${p.rssAfterReadMB.toFixed(0)} / ${p.maxRssMB.toFixed(0)} | ${p.heapRetainedMB.toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    'Inside each upload, from its progress messages (one per 50,000 rows handed to the COPY, so only for decks of 100,000 rows or more): the reading is the time to the first message less one 50,000-row slice; the rest is the COPY, activation, audit and commit. The messages count rows written to postgres.js, which buffers ahead of the server, so they cannot split the COPY from what follows it (the last message comes seconds before the COPY ends).',
    '',
    '| deck | trial | upload s | reading s | COPY, activation, commit s |',
    '|---|---:|---:|---:|---:|',
  );
  for (const r of runs) {
    r.imports.forEach((imp, i) => {
      if (imp.firstProgress === null || imp.lastProgress === null || imp.lastProgress <= imp.firstProgress) return;
      const slices = r.rows / 50_000;
      const slice = (imp.lastProgress - imp.firstProgress) / (Math.floor(slices) - 1);
      const reading = imp.firstProgress - slice;
      lines.push(`| ${r.deck} | ${i + 1} | ${imp.seconds.toFixed(2)} | ${reading.toFixed(2)} | ${(imp.seconds - reading).toFixed(2)} |`);
    });
  }
  lines.push('', '| lookup (sequential, one connection busy) | calls | p50 ms | p99 ms | max ms | matches per call |', '|---|---:|---:|---:|---:|---:|');
  for (const l of lookups) lines.push(`| ${l.what} | ${l.ops} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} | ${l.max.toFixed(1)} | ${(l.matches / l.ops).toFixed(1)} |`);
  lines.push('', `One single-card lookup in EXPLAIN ANALYZE (warm, the same query by hand): ${explained}; the plan probes the primary key (revision_id, prefix) once per candidate prefix.`);

  const big = runs.at(-1)!;
  const ratios = big.imports.map((imp, i) => imp.seconds / big.psql[i]!);
  const ratio = median(ratios);
  const rss = Math.max(...runs.flatMap((r) => r.imports.map((i) => i.maxRssMB)));
  const one = lookups.find((l) => l.key === 'one')!;
  const lcr = lookups.find((l) => l.key === 'lcr')!;
  lines.push(
    '',
    'Budgets (DESIGN.md §10):',
    '',
    `- ${big.rows.toLocaleString('en-US')}-row import ≤ ${BUDGET.ratio}× psql \`\\copy\`: ${yes(ratio <= BUDGET.ratio)} (median ratio ${ratio.toFixed(2)}×; trials ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}).`,
    `- peak RSS < ${BUDGET.rssMB} MB: ${yes(rss < BUDGET.rssMB)} (${rss.toFixed(0)} MB at most).`,
    `- longest-prefix lookup on the 1M-row revision, p99 < ${BUDGET.lookupP99} ms: ${yes(one!.p99 < BUDGET.lookupP99)} (${one!.p99.toFixed(2)} ms).`,
    `- least-cost across ${LCR_CARDS} cards, p99 < ${BUDGET.lcrP99} ms: ${yes(lcr!.p99 < BUDGET.lcrP99)} (${lcr!.p99.toFixed(2)} ms).`,
  );
  for (const l of lines) console.log(l);
  writeSection('ratecards', lines);
}

if (process.argv[2] === '--child') {
  const [mode, ...a] = process.argv.slice(3);
  const result = mode === 'import' ? await childImport(a[0]!, a[1]!, a[2]!) : await childPhases(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  await main();
}
