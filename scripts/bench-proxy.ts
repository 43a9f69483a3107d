// npm run bench:proxy [-- --rounds=7 --requests=1000 --warmup=2000 --block=10]
// What the validation proxy adds to a request on loopback. The simulator and the proxy run as their
// own processes (as an integrator runs them); this process sends signed create-session requests one
// at a time (concurrency 1, keep-alive), straight to the simulator, through the proxy, and through a
// bare forwarding proxy (a dozen lines of node:http + undici, checking nothing: the floor any Node
// proxy pays on this machine). The sides take turns in blocks of --block requests, in a shuffled order
// each turn (seeded: every run the same), so all three meet the same moments of a busy machine, and
// each proxy's requests come back to back, as from an integrator's backend: whatever a proxy leaves
// running after an answer (the checks) lands on its own next request, not on another side's. (One
// request per side in a fixed rotation, as this script first did, put the proxy's after-work on the
// bare proxy's and the simulator's requests.) The warm-up is long enough for the JIT to have settled
// in all three (the checking thread compiles for the first few thousand exchanges). Per round it
// reports p50 and p99 of each and what each proxy adds, then the medians over the rounds. The proxy
// checks both sides and records every exchange, as in use. Prints figures and whether the median p99
// overhead is under the 2 ms target; it never fails a build.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { sign } from '../src/client/signer.ts';
import { DEMO_PRIMARY } from '../src/config/demo-participants.ts';
import { loadContract, SESSION_PATH } from '../src/contract/index.ts';
import { mulberry32 } from '../src/mock/core/random.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = arg('rounds', 7);
const requests = arg('requests', 1000);
const warmup = arg('warmup', 2000);
const block = arg('block', 10);
const TARGET_MS = 2;

/** The floor: forwards and relays, nothing else. */
const BARE_PROXY = `
const { createServer } = require('node:http');
const { Pool } = require('undici');
const pool = new Pool(process.argv[1], { connections: 8 });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const headers = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) if (!/^(host|connection|keep-alive)$/i.test(req.rawHeaders[i])) headers.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const answer = await pool.request({ method: req.method, path: req.url, headers, body: Buffer.concat(chunks) });
    const body = Buffer.from(await answer.body.arrayBuffer());
    const out = {};
    for (const [k, v] of Object.entries(answer.headers)) if (!/^(connection|keep-alive|transfer-encoding)$/.test(k)) out[k] = v;
    res.writeHead(answer.statusCode, out);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };
const example = contract.exampleRequest() as Record<string, unknown> & { recipient_information: Record<string, unknown> };
example.recipient_information['email_address'] = 'jack.frost@example.com';
let counter = 0;

/** A freshly signed create-session request (each creates a session: no Idempotency-Key). */
function signedRequest(): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(JSON.stringify({ ...example, participant_unique_id1: `bench-${process.pid}-${counter++}` }), 'utf8');
  const { headers } = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body, contentType: 'application/json', date: new Date() });
  return { headers, body };
}

/** One request's latency in ms; the request is signed before the clock starts. */
async function once(pool: Pool): Promise<number> {
  const { headers, body } = signedRequest();
  const started = performance.now();
  const answer = await pool.request({ method: 'POST', path: SESSION_PATH, headers, body });
  await answer.body.arrayBuffer();
  const ms = performance.now() - started;
  if (answer.statusCode !== 200) throw new Error(`unexpected HTTP ${answer.statusCode}`);
  return ms;
}

type Side = 'direct' | 'proxy' | 'bare';
const SIDES: readonly Side[] = ['direct', 'proxy', 'bare'];

/** n requests to each side: turns of `block` requests per side, the sides' order shuffled each turn. */
async function run(pools: Readonly<Record<Side, Pool>>, n: number, random: () => number): Promise<Record<Side, number[]>> {
  const out: Record<Side, number[]> = { direct: [], proxy: [], bare: [] };
  for (let done = 0; done < n; done += block) {
    for (const side of shuffled(SIDES, random)) {
      for (let k = 0; k < block && done + k < n; k++) out[side].push(await once(pools[side]));
    }
  }
  return out;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** A process that prints its URL as "listening on http://…". */
async function startProcess(args: readonly string[], what: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed no URL in 15 s: ${out}`)), 15_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`${what} exited with ${code}: ${out}`)));
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`.padStart(10);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ingopay-bench-proxy-'));
  const record = join(dir, 'exchanges.jsonl');
  const simulator = await startSimulatorProcess();
  const children: ChildProcess[] = [];
  try {
    // As `npm run proxy` starts it (package.json), node flags included.
    const proxy = await startProcess(['--single-threaded-gc', '--import', 'tsx', 'src/proxy/cli.ts', '--upstream', simulator.url, '--port', '0', '--record', record, '--quiet'], 'the proxy');
    children.push(proxy.child);
    const bare = await startProcess(['-e', BARE_PROXY, simulator.url], 'the bare proxy');
    children.push(bare.child);
    const pools: Record<Side, Pool> = { direct: new Pool(simulator.url, { connections: 1 }), proxy: new Pool(proxy.url, { connections: 1 }), bare: new Pool(bare.url, { connections: 1 }) };
    console.log(`bench:proxy — ${rounds} rounds of ${requests} sequential signed create-session requests to each side, in turns of ${block} (after ${warmup} warm-up each); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const random = mulberry32(20_240_101);
    await run(pools, warmup, random);
    console.log('round   direct p50   proxy p50   (+)         bare p50    (+)        direct p99   proxy p99   (+)         bare p99    (+)');
    const rows: Array<Record<`${Side}${50 | 99}`, number>> = [];
    for (let r = 0; r < rounds; r++) {
      const t = await run(pools, requests, random);
      const row = { direct50: percentile(t.direct, 50), proxy50: percentile(t.proxy, 50), bare50: percentile(t.bare, 50), direct99: percentile(t.direct, 99), proxy99: percentile(t.proxy, 99), bare99: percentile(t.bare, 99) };
      rows.push(row);
      console.log(line(String(r + 1), row));
    }
    for (const pool of Object.values(pools)) await pool.close();
    const med = (key: keyof (typeof rows)[number]) => median(rows.map((r) => r[key]));
    const added = (side: 'proxy' | 'bare', p: 50 | 99) => median(rows.map((r) => r[`${side}${p}`] - r[`direct${p}`]));
    // The (+) columns of this row are medians of the rounds' differences, as the verdict below.
    console.log(line('median', { direct50: med('direct50'), proxy50: med('proxy50'), bare50: med('bare50'), direct99: med('direct99'), proxy99: med('proxy99'), bare99: med('bare99') }, { proxy50: added('proxy', 50), bare50: added('bare', 50), proxy99: added('proxy', 99), bare99: added('bare', 99) }));
    await stop(proxy.child);
    const recorded = readFileSync(record, 'utf8').trim().split('\n').length;
    console.log(`the proxy checked and recorded ${recorded} exchanges (${warmup + rounds * requests} sent through it)`);
    console.log(`added per request (median over rounds): the proxy p50 ${added('proxy', 50).toFixed(3)} ms, p99 ${added('proxy', 99).toFixed(3)} ms; a bare Node forwarding proxy p50 ${added('bare', 50).toFixed(3)} ms, p99 ${added('bare', 99).toFixed(3)} ms`);
    console.log(`target: the proxy adds under ${TARGET_MS} ms at p99 — ${added('proxy', 99) < TARGET_MS ? 'met' : 'NOT met'} in this run (load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } finally {
    for (const child of children) await stop(child);
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(label: string, r: Record<`${Side}${50 | 99}`, number>, plus?: Record<'proxy50' | 'bare50' | 'proxy99' | 'bare99', number>): string {
  const d = plus ?? { proxy50: r.proxy50 - r.direct50, bare50: r.bare50 - r.direct50, proxy99: r.proxy99 - r.direct99, bare99: r.bare99 - r.direct99 };
  return `${label.padStart(6)} ${fmt(r.direct50)} ${fmt(r.proxy50)} ${fmt(d.proxy50)} ${fmt(r.bare50)} ${fmt(d.bare50)}  ${fmt(r.direct99)} ${fmt(r.proxy99)} ${fmt(d.proxy99)} ${fmt(r.bare99)} ${fmt(d.bare99)}`;
}

await main();
