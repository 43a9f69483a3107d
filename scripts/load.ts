// Load and soak of the simulator, loopback only, bounded in time and count, stopping by itself:
// a burst of 100 concurrent clients, then steady load, then 50 concurrent same-key requests.
// Prints figures and writes reports/load.json; exits 1 on any error, any 5xx, unstable p99,
// unbounded memory, or more than one session for one key.
import { bodyData } from '../src/client/answer.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { SessionClient } from '../src/client/session-client.ts';
import { sign } from '../src/client/signer.ts';
import { undiciTransport } from '../src/client/undici-transport.ts';
import { DEMO_PRIMARY } from '../src/config/index.ts';
import { loadContract, SESSION_PATH } from '../src/contract/index.ts';
import { startSimulatorProcess } from './lib/simulator-process.ts';

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const burstSeconds = flag('burst-seconds', 60);
const burstConnections = flag('burst-connections', 100);
const soakSeconds = flag('soak-seconds', 300);
const soakWindowSeconds = flag('window-seconds', 30);
const soakConnections = flag('soak-connections', 10);
const soakRate = flag('soak-rate', 500);
const sameKeyRequests = flag('same-key', 50);

const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };
let counter = 0;

function signedBody(): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ ...contract.exampleRequest(), participant_unique_id1: `load-${process.pid}-${counter++}` });
  const signed = sign(contract.hmac, credentials, { method: 'POST', path: SESSION_PATH, body: Buffer.from(body), contentType: 'application/json', date: new Date() });
  return { body, headers: signed.headers };
}

interface Window {
  readonly phase: string;
  readonly seconds: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly rssMb: number;
}

async function hit(url: string, phase: string, seconds: number, connections: number, overallRate?: number, rss?: () => number): Promise<Window> {
  const result = await autocannon({
    url: url + SESSION_PATH,
    connections,
    duration: seconds,
    timeout: 10,
    ...(overallRate && { overallRate }),
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request) => {
          const { body, headers } = signedBody();
          return { ...req, body, headers };
        },
      },
    ],
  });
  return {
    phase,
    seconds,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rssMb: Math.round(rss?.() ?? 0),
  };
}

async function main(): Promise<void> {
  const sim = await startSimulatorProcess();
  const windows: Window[] = [];
  const report = (w: Window) => {
    windows.push(w);
    console.log(`${w.phase.padEnd(6)} ${String(w.seconds).padStart(3)} s  ${String(w.requests).padStart(7)} req  ${String(w.rps).padStart(6)} req/s  p50 ${w.p50} ms  p99 ${w.p99} ms  non-2xx ${w.non2xx}  errors ${w.errors}  timeouts ${w.timeouts}  simulator RSS ${w.rssMb} MB`);
  };
  try {
    console.log(`load: simulator ${sim.url} (pid ${sim.pid}), RSS at start ${sim.rssMb().toFixed(0)} MB`);
    report(await hit(sim.url, 'burst', burstSeconds, burstConnections, undefined, sim.rssMb));
    for (let elapsed = 0; elapsed < soakSeconds; elapsed += soakWindowSeconds) {
      report(await hit(sim.url, 'soak', Math.min(soakWindowSeconds, soakSeconds - elapsed), soakConnections, soakRate, sim.rssMb));
    }

    const transport = undiciTransport({ connections: sameKeyRequests });
    const client = new SessionClient({ baseUrl: sim.url, credentials, scheme: contract.hmac, transport });
    const body = { ...contract.exampleRequest(), participant_unique_id1: `same-key-${Date.now()}` };
    const key = `load-same-key-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: sameKeyRequests }, () => client.createSession(body, { idempotencyKey: key })));
    await transport.close();
    const sessions = new Set(answers.map((a) => bodyData(a)?.['session_identifier']));
    const statuses = answers.reduce<Record<string, number>>((acc, a) => ({ ...acc, [(a.json as { status: number }).status]: (acc[(a.json as { status: number }).status] ?? 0) + 1 }), {});
    console.log(`same key: ${sameKeyRequests} concurrent requests → ${sessions.size} session(s); body statuses ${JSON.stringify(statuses)}`);

    const soak = windows.filter((w) => w.phase === 'soak');
    const p99s = soak.map((w) => w.p99).sort((a, b) => a - b);
    const medianP99 = p99s[Math.floor(p99s.length / 2)] ?? 0;
    const maxP99 = p99s[p99s.length - 1] ?? 0;
    const rssAfterBurst = windows[0]!.rssMb;
    const rssEnd = windows[windows.length - 1]!.rssMb;
    const peakRss = Math.max(...windows.map((w) => w.rssMb));
    const failures = windows.reduce((n, w) => n + w.non2xx + w.errors + w.timeouts, 0);
    const problems: string[] = [];
    if (failures > 0) problems.push(`${failures} failed requests (non-2xx, errors or timeouts)`);
    if (sessions.size !== 1) problems.push(`${sessions.size} sessions for one key`);
    if (maxP99 > Math.max(3 * medianP99, medianP99 + 5)) problems.push(`unstable p99: median ${medianP99} ms, worst window ${maxP99} ms`);
    if (peakRss > 512 || rssEnd > rssAfterBurst * 1.5 + 64) problems.push(`memory not bounded: ${rssAfterBurst} MB after the burst, ${rssEnd} MB at the end, peak ${peakRss} MB`);
    const summary = { burstSeconds, burstConnections, soakSeconds, soakConnections, soakRate, windows, sameKey: { requests: sameKeyRequests, sessions: sessions.size, statuses }, medianP99, maxP99, rssAfterBurst, rssEnd, peakRss, problems };
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/load.json', JSON.stringify(summary, null, 2));
    console.log(`soak p99 per ${soakWindowSeconds} s window: median ${medianP99} ms, worst ${maxP99} ms; simulator RSS ${rssAfterBurst} MB after the burst, ${rssEnd} MB at the end, peak ${peakRss} MB`);
    console.log(problems.length ? `load: FAILED: ${problems.join('; ')}` : 'load: passed (no errors, no 5xx, stable p99, bounded memory, one session per key)');
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await sim.stop();
  }
}

await main();
