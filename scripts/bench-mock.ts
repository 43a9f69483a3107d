// npm run bench:mock [-- --duration=10 --sustain=60 --connections=10 --rounds=2 --no-prism --personality=NAME --reuse]
// Signed create-session throughput and latency on loopback, with autocannon, against:
//   (a) a bare node:http JSON server (this machine's ceiling),
//   (b) the embedded simulator (its CLI, in its own process, so its RSS can be read),
//   (c) Prism's mock of the same OpenAPI,
// one after the other, `rounds` times (each ratio is taken within a round). Every request is what an
// integrator's load test sends: a fresh body (its own participant_unique_id1), a fresh X-Date and
// signature, and its own Idempotency-Key, so the simulator does all its work (signature, idempotency
// store, a new session) on every request. (--reuse: the old way, a pool of 200 pre-signed requests
// without keys, replayed: it skipped the idempotency store and measured twice the rps an integrator
// sees.) Then a sustained run against the simulator and its RSS afterwards. Prints figures; no verdicts.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { sign } from '../src/client/signer.ts';
import { DEMO_PRIMARY } from '../src/config/demo-participants.ts';
import { loadContract, SESSION_PATH } from '../src/contract/index.ts';
import { startBareServerProcess } from './lib/bare-server.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const duration = arg('duration', 10);
const sustain = arg('sustain', 60);
const connections = arg('connections', 10);
const rounds = arg('rounds', 2);
const withPrism = !process.argv.includes('--no-prism');
const reuse = process.argv.includes('--reuse');
/** A personality to measure instead of the default (latency-free ones only make sense here). */
const personality = process.argv.find((a) => a.startsWith('--personality='))?.split('=')[1];
const POOL = 200;

const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };

function exampleBody(): Record<string, unknown> & { recipient_information: Record<string, unknown> } {
  const example = contract.exampleRequest() as Record<string, unknown> & { recipient_information: Record<string, unknown> };
  // The document's e-mail is the web page's obfuscation; a personality that checks e-mails needs a real one.
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(example.recipient_information['email_address']))) example.recipient_information['email_address'] = 'jack.frost@example.com';
  return example;
}

/**
 * --reuse: distinct signed requests without an Idempotency-Key, replayed in turn. Signed just before
 * each run: X-Date must stay within the server's ±300 s window for the run's length.
 */
function signedPool(): autocannon.Request[] {
  const date = new Date();
  const example = exampleBody();
  return Array.from({ length: POOL }, (_, i) => {
    const body = JSON.stringify({ ...example, participant_unique_id1: `bench-${process.pid}-${date.getTime()}-${i}` });
    const { headers } = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(body), contentType: 'application/json', date });
    return { method: 'POST', path: SESSION_PATH, headers, body };
  });
}

let sequence = 0;
/** The default: every request built and signed when it is sent, with its own Idempotency-Key. */
function freshRequests(): autocannon.Request[] {
  const example = exampleBody();
  return [
    {
      method: 'POST',
      path: SESSION_PATH,
      setupRequest: (request) => {
        const body = JSON.stringify({ ...example, participant_unique_id1: `bench-${process.pid}-${++sequence}` });
        const { headers } = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(body), contentType: 'application/json', date: new Date() });
        return { ...request, headers: { ...headers, 'Idempotency-Key': randomUUID() }, body };
      },
    },
  ];
}

interface Figures {
  /** Server CPU time (user + system) per request, in microseconds: robust to a busy machine. */
  readonly cpuUsPerRequest?: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function measure(url: string, seconds: number): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds, timeout: 10, requests: reuse ? signedPool() : freshRequests() });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** A short unmeasured run first, so every target is measured JIT-warm. */
async function bench(url: string, pid: number | undefined, seconds = duration): Promise<Figures> {
  await measure(url, Math.min(2, seconds));
  const before = pid === undefined ? 0 : cpuSeconds(pid);
  const figures = await measure(url, seconds);
  if (pid === undefined) return figures;
  return { ...figures, cpuUsPerRequest: ((cpuSeconds(pid) - before) * 1e6) / Math.max(1, figures.requests) };
}

/** utime + stime of a process from /proc (Linux; clock ticks are 100 Hz there). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}


function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no "${pattern.source}" within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

const fmt = (f: Figures) =>
  `${Math.round(f.rps).toString().padStart(7)} req/s   p50 ${String(f.p50).padStart(3)} ms   p99 ${String(f.p99).padStart(4)} ms   ` +
  `${f.cpuUsPerRequest === undefined ? '' : `server CPU ${f.cpuUsPerRequest.toFixed(0)} µs/req   `}${f.requests} requests, non-2xx ${f.non2xx}, errors ${f.errors}`;

async function main(): Promise<void> {
  console.log(`bench:mock: signed POST ${SESSION_PATH}, ${connections} connections, ${duration} s per target (after a 2 s warm-up), ${rounds} rounds, loopback, ${reuse ? 'a pool of 200 pre-signed requests replayed (--reuse)' : 'every request freshly signed with its own Idempotency-Key'}${personality ? `, personality ${personality}` : ''}`);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes skew req/s; CPU µs per request much less)`);
  const rows: Array<{ bare: Figures; sim: Figures; prism?: Figures }> = [];
  const sim = await startSimulatorProcess(personality ? ['--personality', personality] : []);
  let rssAfterSustained: number;
  let sustained: Figures;
  try {
    const rssAtStart = sim.rssMb();
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`);
      const bare = await startBareServerProcess();
      let bareFigures: Figures;
      try {
        bareFigures = await bench(bare.url, bare.pid);
      } finally {
        await bare.stop();
      }
      console.log(`  (a) bare node:http     ${fmt(bareFigures)}`);
      const simFigures = await bench(sim.url, sim.pid);
      console.log(`  (b) simulator          ${fmt(simFigures)}   (RSS ${rssAtStart.toFixed(0)} MB at start, ${sim.rssMb().toFixed(0)} MB now)`);
      let prismFigures: Figures | undefined;
      if (withPrism) {
        const port = await freePort();
        const prism = spawn(process.execPath, ['node_modules/.bin/prism', 'mock', 'openapi/session-management.yaml', '-h', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
        try {
          await waitForLine(prism, /Prism is listening/, 'prism');
          prismFigures = await bench(`http://127.0.0.1:${port}`, prism.pid);
        } catch (error) {
          console.log(`  (c) prism: not measured: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await stop(prism);
        }
        if (prismFigures) console.log(`  (c) prism mock         ${fmt(prismFigures)}`);
      }
      console.log(`  simulator / bare node:http  throughput ${pct(simFigures.rps / bareFigures.rps)}, by server CPU per request ${pct(bareFigures.cpuUsPerRequest! / simFigures.cpuUsPerRequest!)}${prismFigures ? `   simulator / prism ${(simFigures.rps / prismFigures.rps).toFixed(1)}x` : ''}`);
      rows.push({ bare: bareFigures, sim: simFigures, ...(prismFigures && { prism: prismFigures }) });
    }
    if (sustain > 0) {
      console.log(`sustained: ${sustain} s against the simulator ...`);
      sustained = await measure(sim.url, sustain);
      rssAfterSustained = rssMb(sim.pid);
      console.log(`    simulator sustained  ${fmt(sustained)}`);
    }
  } finally {
    await sim.stop();
  }
  const ratios = rows.map((r) => r.sim.rps / r.bare.rps);
  const prismRatios = rows.flatMap((r) => (r.prism ? [r.sim.rps / r.prism.rps] : []));
  console.log('');
  console.log(`simulator: ${rows.map((r) => Math.round(r.sim.rps)).join(', ')} req/s; bare node:http: ${rows.map((r) => Math.round(r.bare.rps)).join(', ')} req/s${prismRatios.length ? `; prism: ${rows.map((r) => Math.round(r.prism?.rps ?? 0)).join(', ')} req/s` : ''}`);
  console.log(`simulator / bare node:http  throughput ${ratios.map(pct).join(', ')} (per round)   (goal >= 50 %)`);
  if (prismRatios.length) console.log(`simulator / prism           throughput ${prismRatios.map((x) => `${x.toFixed(1)}x`).join(', ')} (per round)`);
  console.log(`simulator p99 ${rows.map((r) => r.sim.p99).join(', ')} ms (short runs)${sustain > 0 ? `, ${sustained!.p99} ms (sustained)` : ''}   (goal < 5 ms)`);
  if (sustain > 0) console.log(`simulator RSS after ${sustain} s at full load: ${rssAfterSustained!.toFixed(0)} MB   (goal < 256 MB; sessions are capped at 50 000 by default)`);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)} %`;
}

await main();
