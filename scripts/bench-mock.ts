// npm run bench:mock [-- --duration=10 --sustain=60 --connections=10 --rounds=2 --no-prism --personality=NAME --reuse --no-pin --profile[=DIR]]
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
//
// On a machine with two or more CPUs every server runs pinned to CPU 0 and the load generator (a
// process of its own, scripts/lib/signed-load.ts) to CPU 1 (taskset; --no-pin: unpinned). Signing
// and sending a request costs the generator more CPU than the bare server spends answering it
// (about 180 µs against 100 µs on a loaded 2-core machine), so unpinned they fight over two cores
// and the generator takes whatever a lighter server leaves: the ratio then measured the scheduler as
// much as the servers. Pinned, each server under test has one
// core and faces the same generator. Each row says which side was the bottleneck (the busier one).
// --profile: the simulator runs under --cpu-prof; its busiest functions are printed at the end.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_PATH } from '../src/contract/index.ts';
import { startBareServerProcess } from './lib/bare-server.ts';
import { topSelfTime } from './lib/cpu-profile-summary.ts';
import type { LoadFigures, LoadOptions } from './lib/signed-load.ts';
import { nodeCommand, startSimulatorProcess, type ProcessOptions } from './lib/simulator-process.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const duration = arg('duration', 10);
const sustain = arg('sustain', 60);
const connections = arg('connections', 10);
const rounds = arg('rounds', 2);
const withPrism = !process.argv.includes('--no-prism');
const reuse = process.argv.includes('--reuse');
/** A personality to measure instead of the default (latency-free ones only make sense here). */
const personality = process.argv.find((a) => a.startsWith('--personality='))?.split('=')[1];
const profileArg = process.argv.find((a) => a === '--profile' || a.startsWith('--profile='));
const profileDir = profileArg === undefined ? undefined : profileArg.includes('=') ? profileArg.split('=')[1]! : mkdtempSync(join(tmpdir(), 'bench-mock-prof-'));

/** Server on CPU 0, generator on CPU 1, when there are two CPUs and taskset to pin them. */
const pinned = !process.argv.includes('--no-pin') && cpus().length >= 2 && hasTaskset();
const SERVER: ProcessOptions = pinned ? { cpu: 0 } : {};
const GENERATOR: ProcessOptions = pinned ? { cpu: 1 } : {};

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Figures extends LoadFigures {
  /** Server CPU time (user + system) per request, in microseconds: robust to a busy machine. */
  readonly cpuUsPerRequest: number;
  /** Shares of one core the server and the generator used while measured: the busier one limited the rate. */
  readonly serverBusy: number;
  readonly generatorBusy: number;
}

/**
 * One autocannon run in the generator process. The server's CPU is read around the whole process
 * (it spends none while the generator starts); the generator reports its own CPU and wall time for
 * the run alone.
 */
async function measure(url: string, seconds: number, serverPid: number): Promise<Figures> {
  const options: LoadOptions = { url, connections, seconds, reuse };
  const [command, args] = nodeCommand(['--import', 'tsx', 'scripts/lib/signed-load.ts', JSON.stringify(options)], GENERATOR);
  const serverAtStart = cpuSeconds(serverPid);
  const generator = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  generator.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => generator.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}: ${out}`);
  const figures = JSON.parse(out.trim().split('\n').at(-1)!) as LoadFigures;
  const serverUsed = cpuSeconds(serverPid) - serverAtStart;
  return {
    ...figures,
    cpuUsPerRequest: (serverUsed * 1e6) / Math.max(1, figures.requests),
    serverBusy: serverUsed / figures.wallSeconds,
    generatorBusy: figures.cpuSeconds / figures.wallSeconds,
  };
}

/** A short unmeasured run first, so every target is measured JIT-warm. */
async function bench(url: string, pid: number, seconds = duration): Promise<Figures> {
  await measure(url, Math.min(2, seconds), pid);
  return measure(url, seconds, pid);
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
  `server CPU ${f.cpuUsPerRequest.toFixed(0).padStart(4)} µs/req   busy: server ${pct(f.serverBusy)}, generator ${pct(f.generatorBusy)}   ` +
  `${f.requests} requests, non-2xx ${f.non2xx}, errors ${f.errors}`;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  console.log(`bench:mock: signed POST ${SESSION_PATH}, ${connections} connections, ${duration} s per target (after a 2 s warm-up), ${rounds} rounds, loopback, ${reuse ? 'a pool of 200 pre-signed requests replayed (--reuse)' : 'every request freshly signed with its own Idempotency-Key'}${personality ? `, personality ${personality}` : ''}`);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other processes skew req/s; CPU µs per request much less)`);
  console.log(
    pinned
      ? 'pinned: each server on CPU 0, the load generator (its own process) on CPU 1, so every server faces the same generator on a core of its own'
      : `not pinned (${process.argv.includes('--no-pin') ? '--no-pin' : 'fewer than 2 CPUs or no taskset'}): servers and generator share the CPUs; the lighter server leaves the generator more CPU`,
  );
  const rows: Array<{ bare: Figures; sim: Figures; prism?: Figures }> = [];
  const sim = await startSimulatorProcess(personality ? ['--personality', personality] : [], {
    ...SERVER,
    ...(profileDir && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }),
  });
  let rssAfterSustained: number;
  let sustained: Figures;
  try {
    const rssAtStart = sim.rssMb();
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round}`);
      const bare = await startBareServerProcess(SERVER);
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
        const [command, args] = nodeCommand(['node_modules/.bin/prism', 'mock', 'openapi/session-management.yaml', '-h', '127.0.0.1', '-p', String(port)], SERVER);
        const prism = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        try {
          await waitForLine(prism, /Prism is listening/, 'prism');
          prismFigures = await bench(`http://127.0.0.1:${port}`, prism.pid!);
        } catch (error) {
          console.log(`  (c) prism: not measured: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await stop(prism);
        }
        if (prismFigures) console.log(`  (c) prism mock         ${fmt(prismFigures)}`);
      }
      console.log(`  simulator / bare node:http  throughput ${pct(simFigures.rps / bareFigures.rps)}, by server CPU per request ${pct(bareFigures.cpuUsPerRequest / simFigures.cpuUsPerRequest)}${prismFigures ? `   simulator / prism ${(simFigures.rps / prismFigures.rps).toFixed(1)}x` : ''}`);
      rows.push({ bare: bareFigures, sim: simFigures, ...(prismFigures && { prism: prismFigures }) });
    }
    if (sustain > 0) {
      console.log(`sustained: ${sustain} s against the simulator ...`);
      sustained = await measure(sim.url, sustain, sim.pid);
      rssAfterSustained = rssMb(sim.pid);
      console.log(`    simulator sustained  ${fmt(sustained)}`);
    }
  } finally {
    await sim.stop();
  }
  const ratios = rows.map((r) => r.sim.rps / r.bare.rps);
  const cpuRatios = rows.map((r) => r.bare.cpuUsPerRequest / r.sim.cpuUsPerRequest);
  const prismRatios = rows.flatMap((r) => (r.prism ? [r.sim.rps / r.prism.rps] : []));
  console.log('');
  console.log(`simulator: ${rows.map((r) => Math.round(r.sim.rps)).join(', ')} req/s; bare node:http: ${rows.map((r) => Math.round(r.bare.rps)).join(', ')} req/s${prismRatios.length ? `; prism: ${rows.map((r) => Math.round(r.prism?.rps ?? 0)).join(', ')} req/s` : ''}`);
  console.log(`simulator / bare node:http  throughput ${ratios.map(pct).join(', ')} (per round, median ${pct(median(ratios))})   (goal >= 50 %)`);
  console.log(`simulator / bare node:http  by server CPU per request ${cpuRatios.map(pct).join(', ')} (per round, median ${pct(median(cpuRatios))}; bare ${rows.map((r) => r.bare.cpuUsPerRequest.toFixed(0)).join(', ')} µs, simulator ${rows.map((r) => r.sim.cpuUsPerRequest.toFixed(0)).join(', ')} µs)`);
  const generatorBound = rows.filter((r) => r.bare.generatorBusy > r.bare.serverBusy).length;
  if (generatorBound > 0) console.log(`  (the generator, not the bare server, was the busier side in ${generatorBound} of ${rows.length} rounds: there the throughput ratio understates how much faster the bare server is, and the CPU ratio is the fairer figure)`);
  if (prismRatios.length) console.log(`simulator / prism           throughput ${prismRatios.map((x) => `${x.toFixed(1)}x`).join(', ')} (per round)`);
  // At saturation p99 is mostly queueing behind the connections (and the generator's own pauses), so
  // the bare server's p99 in the same rounds is printed beside it: the floor this load allows.
  console.log(`simulator p99 ${rows.map((r) => r.sim.p99).join(', ')} ms (short runs)${sustain > 0 ? `, ${sustained!.p99} ms (sustained)` : ''}; bare node:http p99 ${rows.map((r) => r.bare.p99).join(', ')} ms in the same rounds   (goal < 5 ms)`);
  if (sustain > 0) console.log(`simulator RSS after ${sustain} s at full load: ${rssAfterSustained!.toFixed(0)} MB   (goal < 256 MB; sessions are capped at 50 000 by default)`);
  if (profileDir) printProfile(profileDir);
}

function printProfile(dir: string): void {
  // The main thread's profile is the largest; tsx's loader thread writes a small one of its own.
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const main = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!main) return console.log(`profile: none written to ${dir}`);
  const { busyMs, top } = topSelfTime(main, 30);
  console.log('');
  console.log(`simulator profile ${main} (start-up and every round included): busiest functions by self time, ${(busyMs / 1000).toFixed(1)} s busy`);
  for (const t of top) console.log(`  ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.name}`);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)} %`;
}

await main();
