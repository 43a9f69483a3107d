// npm run bench: the harness's own speed, each figure next to its baseline measured in the same run.
//  1. the full default conformance run (API + browser suites against the simulator): wall time, warm
//     (a first run warms caches and is reported too), and the peak memory of everything it started;
//  2. signed cases per second through the harness client against the simulator, next to the same
//     client against a bare node:http server (the loopback ceiling);
//  3. the simulator's throughput and p99 next to a bare node:http server and Prism's mock
//     (scripts/bench-mock.ts, shortened).
// Figures are printed and written to reports/bench.json; nothing here passes or fails.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { SessionClient } from '../src/client/session-client.ts';
import { undiciTransport } from '../src/client/undici-transport.ts';
import { DEMO_PRIMARY } from '../src/config/index.ts';
import { loadContract } from '../src/contract/index.ts';
import { startBareServerProcess } from './lib/bare-server.ts';
import { runPlaywright } from './lib/playwright-run.ts';
import { sampleGroupPeak } from './lib/process-memory.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 5);
const skipSuite = process.argv.includes('--no-suite');
const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };
const figures: Record<string, unknown> = { machine: { cpus: cpus().length, loadAverage: loadavg() } };

async function fullRun(label: string): Promise<{ wallSeconds: number; peakRssMb: number; passed: number; failed: number }> {
  let sampler: { stop(): number } | undefined;
  const result = await runPlaywright({ projects: ['api', 'browser'], env: { INGO_TARGET: 'mock', INGO_SEED: '20261123' }, timeoutMs: 300_000, onSpawn: (group) => (sampler = sampleGroupPeak(group)) });
  const peakRssMb = Math.round(sampler?.stop() ?? 0);
  const out = { wallSeconds: Math.round(result.wallMs / 100) / 10, peakRssMb, passed: result.passed, failed: result.failed };
  console.log(`  ${label.padEnd(6)} ${out.wallSeconds.toFixed(1)} s wall, ${out.passed} passed, ${out.failed} failed, peak memory of the run ${peakRssMb} MB`);
  return out;
}

/** Signed create-session calls through the harness client, 10 in flight, for `seconds`. */
async function casesPerSecond(baseUrl: string): Promise<number> {
  const transport = undiciTransport({ connections: 10 });
  const client = new SessionClient({ baseUrl, credentials, scheme: contract.hmac, transport });
  const example = contract.exampleRequest();
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async (_, lane) => {
      for (let i = 0; performance.now() < until; i++) {
        const response = await client.createSession({ ...example, participant_unique_id1: `bench-${lane}-${i}` });
        if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
        contract.validateResponse(response.status, response.json);
        done++;
      }
    }),
  );
  await transport.close();
  return done / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  console.log(`bench: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!skipSuite) {
    console.log('1. full default conformance run against the simulator (API + browser suites)');
    const cold = await fullRun('first');
    const warm = await fullRun('warm');
    figures['fullRun'] = { first: cold, warm, goalSeconds: 30 };
  }

  console.log(`2. signed cases per second through the harness client (10 in flight, ${seconds} s each)`);
  const bare = await startBareServerProcess();
  const ceiling = await casesPerSecond(bare.url);
  await bare.stop();
  const sim = await startSimulatorProcess();
  const simCases = await casesPerSecond(sim.url);
  await sim.stop();
  console.log(`  against a bare node:http server (ceiling) ${ceiling.toFixed(0)} cases/s`);
  console.log(`  against the simulator                     ${simCases.toFixed(0)} cases/s (${((simCases / ceiling) * 100).toFixed(0)} % of the ceiling)`);
  figures['casesPerSecond'] = { ceiling: Math.round(ceiling), simulator: Math.round(simCases), ratio: Math.round((simCases / ceiling) * 100) / 100 };

  console.log('3. simulator throughput and p99 next to a bare node:http server and Prism (bench:mock, shortened)');
  const mockBench = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-mock.ts', `--duration=${seconds}`, '--sustain=10'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      process.stdout.write(c.toString().replace(/^/gm, '  '));
    });
    child.on('close', () => resolve(out));
  });
  figures['simulatorVsPrism'] = mockBench.split('\n').filter((l) => /req\/s|throughput|p99|RSS/.test(l)).map((l) => l.trim());

  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench.json', JSON.stringify(figures, null, 2));
  console.log('bench: figures written to reports/bench.json');
}

await main();
