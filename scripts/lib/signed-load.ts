// bench:mock's load generator: autocannon sending signed create-session POSTs, in a process of its
// own so it can be pinned to one core while the server under test has the other (taskset). Run as
// a child: `node --import tsx scripts/lib/signed-load.ts '<LoadOptions as JSON>'` prints one line,
// the LoadFigures as JSON, and exits.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { sign } from '../../src/client/signer.ts';
import { DEMO_PRIMARY } from '../../src/config/demo-participants.ts';
import { loadContract, SESSION_PATH } from '../../src/contract/index.ts';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /**
   * false (the default): every request built and signed when it is sent, with its own
   * Idempotency-Key, as an integrator's load test sends it. true: a pool of 200 pre-signed requests
   * without keys, replayed (the old bench:mock; it skips the idempotency store).
   */
  readonly reuse: boolean;
}

export interface LoadFigures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** The generator's own CPU (user + system) and wall time during the run. */
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
}

const POOL = 200;
const contract = loadContract();
const credentials = { username: DEMO_PRIMARY.username, secret: DEMO_PRIMARY.secret, algorithm: 'hmac-sha512' as const };

function exampleBody(): Record<string, unknown> & { recipient_information: Record<string, unknown> } {
  const example = contract.exampleRequest() as Record<string, unknown> & { recipient_information: Record<string, unknown> };
  // The document's e-mail is the web page's obfuscation; a personality that checks e-mails needs a real one.
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(example.recipient_information['email_address']))) example.recipient_information['email_address'] = 'jack.frost@example.com';
  return example;
}

/** Signed just before each run: X-Date must stay within the server's ±300 s window for the run's length. */
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

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const requests = options.reuse ? signedPool() : freshRequests();
  const cpuAtStart = process.cpuUsage();
  const wallAtStart = performance.now();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests,
  });
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: (performance.now() - wallAtStart) / 1000,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = JSON.parse(process.argv[2] ?? '') as LoadOptions;
  process.stdout.write(`${JSON.stringify(await runLoad(options))}\n`);
}
