// npm run proxy -- --upstream <url> [--port N] [--host H] [--participants file.json] [--record file.jsonl]
//   [--timeout-ms N] [--quiet]
// Point your backend at the URL it prints instead of the API's: every request is forwarded unchanged,
// both sides are checked and every exchange is recorded, masked. Runs until Ctrl-C, then prints the
// counts. Bad flags or configuration: one line, exit 2. A dead upstream is not a crash: its requests
// are answered 502 and recorded as infrastructure.
import { join } from 'node:path';
import { request } from 'undici';
import { asUsage, badInputLine, integerFlag, parseFlags, UsageError } from '../cli/flags.ts';
import { closeOnSignals } from '../cli/signals.ts';
import { loadConfig } from '../config/index.ts';
import { loadDotenv } from '../config/dotenv.ts';
import { loadContract } from '../contract/index.ts';
import { describeParticipant, fromConfig, fromParticipantsFile, upstreamOrigin } from './participants.ts';
import { startProxy, type ProxyStats } from './proxy.ts';

const USAGE = 'usage: npm run proxy -- --upstream <url> [--port N] [--host H] [--participants file.json] [--record file.jsonl] [--timeout-ms N] [--quiet]';

interface Parsed {
  readonly upstream: string;
  readonly port: number;
  readonly host: string;
  readonly participants?: string;
  readonly record: string;
  readonly timeoutMs: number;
  readonly quiet: boolean;
}

function parseProxyArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Parsed | 'help' {
  const values = parseFlags(argv, {
    upstream: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    participants: { type: 'string' },
    record: { type: 'string' },
    'timeout-ms': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (values.upstream === undefined) throw new UsageError('--upstream <url> is required (Ingo UAT, any server, or the simulator: npm run mock)');
  return {
    upstream: asUsage(() => upstreamOrigin(values.upstream!)),
    port: integerFlag('port', values.port, 0, 65535) ?? 4020,
    host: values.host ?? '127.0.0.1',
    ...(values.participants !== undefined && { participants: values.participants }),
    record: values.record ?? join(env['INGO_REPORTS_DIR'] || 'reports', 'proxy', 'exchanges.jsonl'),
    timeoutMs: integerFlag('timeout-ms', values['timeout-ms'], 1, 600_000) ?? 30_000,
    quiet: values.quiet === true,
  };
}

async function main(): Promise<void> {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  loadDotenv();
  let parsed: Parsed | 'help';
  let participants;
  try {
    parsed = parseProxyArgs(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const file = parsed.participants;
    participants = file !== undefined ? asUsage(() => fromParticipantsFile(file)) : fromConfig(loadConfig());
  } catch (error) {
    process.stderr.write(`${badInputLine('ingopay proxy', error)}\n`);
    process.exit(2);
  }
  const say = (line: string) => void process.stdout.write(`${line}\n`);
  let proxy;
  try {
    proxy = await startProxy({
      upstream: parsed.upstream,
      host: parsed.host,
      port: parsed.port,
      contract: loadContract(),
      participants,
      recordFile: parsed.record,
      timeoutMs: parsed.timeoutMs,
      log: parsed.quiet ? (line) => void (line.startsWith('proxy:') && say(line)) : say,
    });
  } catch (error) {
    process.stderr.write(`ingopay proxy: cannot start: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(2);
  }
  closeOnSignals(
    (signal) => say(`ingopay proxy: ${signal}, closing`),
    async () => say(summary(await proxy.close(), parsed.record)),
  );
  say(`IngoPay validation proxy listening on ${proxy.url}`);
  say(`  forwarding to ${proxy.upstream}: point your backend's base URL (INGO_BASE_URL) at ${proxy.url}`);
  say(`  checking signatures of: ${participants.map(describeParticipant).join('; ')} (secrets from --participants or .env; never written)`);
  say(`  recording every exchange, masked, to ${parsed.record}`);
  const reachable = await probe(proxy.upstream);
  if (reachable !== true) say(`  warning: the upstream is not reachable now (${reachable}): requests are answered 502 and recorded as infrastructure until it is`);
}

/** true, or why the upstream could not be reached. */
async function probe(origin: string): Promise<true | string> {
  try {
    const answer = await request(origin, { method: 'HEAD', headersTimeout: 3_000, bodyTimeout: 3_000 });
    await answer.body.dump();
    return true;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}

function summary(stats: ProxyStats, record: string): string {
  const by = Object.entries(stats.byClass).map(([k, v]) => `${v} ${k}`).join(', ');
  return `${stats.exchanges} exchange${stats.exchanges === 1 ? '' : 's'}${by ? `: ${by}` : ''}; records in ${record}${stats.refusedRecords ? ` (${stats.refusedRecords} refused: they would have carried the secret; report this)` : ''}`;
}

await main();
