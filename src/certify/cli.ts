// npm run certify-client -- [--run "<command>"] [--via-proxy --upstream <url>] [--port N] [--timeout S]
//   [--participants file.json] [--reports-dir DIR] [--url-lifetime-seconds N (tests only)] [--quiet]
// Starts the simulator in certify mode behind the validation proxy (or only the proxy, in front of
// --upstream), prints where to point the integrator's backend, runs their flow (--run) or waits for
// Enter, then grades the client card: a terminal checklist, reports/client-card.html, .json and
// .junit.xml, and the proxy's masked records. Exit 0: a clean card; 1: an item failed or could not be
// checked; 2: bad flags or configuration; 3: the upstream could not be reached; 4: a harness bug
// (the artifact scan found the secret or recipient data).
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { Participant } from '../config/demo-participants.ts';
import { loadConfig } from '../config/index.ts';
import { asUsage, badInputLine, integerFlag, parseFlags, UsageError } from '../cli/flags.ts';
import { loadDotenv } from '../config/dotenv.ts';
import { simulatorParticipants } from '../harness/participants.ts';
import { fromConfig, fromParticipantsFile, readParticipantsFile, upstreamOrigin } from '../proxy/participants.ts';
import type { ProxyParticipant } from '../proxy/types.ts';
import { scrubSecrets } from '../report/secret-forms.ts';
import { gradeCard, type ClientCard } from './card.ts';
import { renderCardTerminal } from './render/terminal.ts';
import { startCertification, type CertificationTarget } from './session.ts';
import { contractWithUrlLifetime } from './url-lifetime.ts';
import { CARD_FILES, scanCardArtifacts, writeCard } from './write-card.ts';

const USAGE =
  'usage: npm run certify-client -- [--run "<command that runs your flow>"] [--via-proxy --upstream <url>] [--port N] [--timeout S] ' +
  '[--participants file.json] [--reports-dir DIR] [--url-lifetime-seconds N (tests only)] [--quiet]';

export const CERTIFY_EXIT = { clean: 0, notClean: 1, badInput: 2, infrastructure: 3, harnessBug: 4 } as const;

interface Options {
  readonly run?: string;
  readonly upstream?: string;
  readonly port: number;
  readonly timeoutSeconds: number;
  readonly participants?: string;
  readonly reportsDir: string;
  readonly urlLifetimeSeconds?: number;
  readonly quiet: boolean;
}

function parse(argv: string[]): Options | 'help' {
  const values = parseFlags(argv, {
    run: { type: 'string' },
    'via-proxy': { type: 'boolean' },
    upstream: { type: 'string' },
    port: { type: 'string' },
    timeout: { type: 'string' },
    participants: { type: 'string' },
    'reports-dir': { type: 'string' },
    'url-lifetime-seconds': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  if (values['via-proxy'] && values.upstream === undefined) throw new UsageError('--via-proxy needs --upstream <url> (Ingo UAT, or any server)');
  if (values.upstream !== undefined && !values['via-proxy']) throw new UsageError('--upstream goes with --via-proxy (without it the card is run against the simulator)');
  if (values.run !== undefined && values.run.trim() === '') throw new UsageError('--run needs the command that runs your flow');
  const lifetime = integerFlag('url-lifetime-seconds', values['url-lifetime-seconds'], 1, 30);
  if (lifetime !== undefined && values['via-proxy']) throw new UsageError('--url-lifetime-seconds shortens the simulator’s URL lifetime; it cannot change an upstream’s');
  return {
    ...(values.run !== undefined && { run: values.run }),
    ...(values.upstream !== undefined && { upstream: asUsage(() => upstreamOrigin(values.upstream!)) }),
    port: integerFlag('port', values.port, 0, 65535) ?? 0,
    timeoutSeconds: integerFlag('timeout', values.timeout, 1, 3600) ?? (values.run !== undefined ? 120 : 600),
    ...(values.participants !== undefined && { participants: values.participants }),
    reportsDir: values['reports-dir'] ?? (process.env['INGO_REPORTS_DIR'] || 'reports'),
    ...(lifetime !== undefined && { urlLifetimeSeconds: lifetime }),
    quiet: values.quiet === true,
  };
}

/** Who the certification knows, and which of them the client signs as (the configured primary). */
function participantsOf(options: Options): { target: CertificationTarget; client: ProxyParticipant } {
  const config = loadConfig();
  const username = config.primary.username;
  if (options.upstream === undefined) {
    const list: Participant[] = options.participants === undefined ? simulatorParticipants(config) : asUsage(() => readParticipantsFile(options.participants!));
    const chosen = list.find((p) => p.username === username) ?? list[0]!;
    return { target: { kind: 'simulator', participants: list }, client: { ...chosen, hostsComplete: true } };
  }
  const list: ProxyParticipant[] = options.participants !== undefined ? asUsage(() => fromParticipantsFile(options.participants!)) : fromConfig(config);
  return { target: { kind: 'proxy', upstream: options.upstream, participants: list }, client: list.find((p) => p.username === username) ?? list[0]! };
}

async function main(): Promise<number> {
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  loadDotenv();
  let options: Options | 'help';
  let who: ReturnType<typeof participantsOf>;
  let contract;
  try {
    options = parse(process.argv.slice(2));
    if (options === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return CERTIFY_EXIT.clean;
    }
    who = participantsOf(options);
    contract = contractWithUrlLifetime(options.urlLifetimeSeconds);
  } catch (error) {
    process.stderr.write(`${badInputLine('certify-client', error)}\n`);
    return CERTIFY_EXIT.badInput;
  }
  const { target, client } = who;
  const secrets = target.participants.map((p) => p.secret);
  const say = (line: string) => void process.stdout.write(`${scrubSecrets(line, secrets)}\n`);
  const recordFile = join(options.reportsDir, CARD_FILES.exchanges);
  const startedAt = new Date();
  let certification;
  try {
    certification = await startCertification({ target, contract, port: options.port, recordFile, ...(!options.quiet && { log: (line: string) => say(`  · ${line}`) }) });
  } catch (error) {
    process.stderr.write(`certify-client: cannot start: ${(error as Error).message.split('\n')[0]}\n`);
    return CERTIFY_EXIT.badInput;
  }
  const lifetime = contract.urlTtlSeconds;
  say(`IngoPay client certification — ${certification.mode === 'simulator' ? 'against the simulator in certify mode' : `through the validation proxy to ${certification.upstream}`}`);
  say(`  point your backend at  INGO_BASE_URL=${certification.baseUrl}`);
  say(`  sign as                INGO_HMAC_USERNAME=${client.username}  (INGO_HMAC_SECRET from your .env; never printed)`);
  say(`  your page's host       INGO_HOST_URI=${client.host_uris[0]}  · PayPal-enabled: ${client.paypal_enabled ? 'yes (send email_address)' : 'no'}`);
  say(`  what happens on purpose: the first create-session request with an Idempotency-Key has its connection cut once the session exists (retry it)${certification.mode === 'simulator' ? '; the first URL of such a session is answered as expired when first opened (recover it)' : ''}`);
  if (options.urlLifetimeSeconds !== undefined) say(`  URL lifetime shortened to ${lifetime} s (tests only: this card is no certification)`);
  const env = {
    INGO_BASE_URL: certification.baseUrl,
    INGO_HMAC_USERNAME: client.username,
    INGO_HMAC_SECRET: client.secret,
    INGO_HOST_URI: client.host_uris[0]!,
    INGO_PAYPAL_ENABLED: String(client.paypal_enabled),
    INGO_TARGET: 'remote',
  };
  let commandExit: number | null | undefined;
  if (options.run !== undefined) {
    say(`  running: ${options.run} (at most ${options.timeoutSeconds} s)`);
    commandExit = await runFlow(options.run, env, options.timeoutSeconds * 1000, (line) => say(`  │ ${line}`));
  } else {
    say(`  run your flow now, then press Enter (or wait ${options.timeoutSeconds} s)`);
    await enterOrTimeout(options.timeoutSeconds * 1000);
  }
  const journal = await certification.finish();
  const card: ClientCard = gradeCard(journal, {
    mode: certification.mode,
    upstream: certification.upstream,
    baseUrl: certification.baseUrl,
    participants: [client.username],
    urlLifetimeSeconds: lifetime,
    urlLifetimeShortened: options.urlLifetimeSeconds !== undefined && options.urlLifetimeSeconds !== 30,
    ...(options.run !== undefined && { command: options.run, commandExit: commandExit ?? null }),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  });
  const files = [...writeCard(options.reportsDir, card, secrets), recordFile];
  const hits = scanCardArtifacts(files, journal);
  say('');
  say(renderCardTerminal(card, files.map((f) => relative(process.cwd(), f) || f)));
  if (hits.length) {
    say(`✘ the artifact scan found ${hits.map((h) => `${h.label} in ${h.file}`).join('; ')}: a harness bug, please report it`);
    return CERTIFY_EXIT.harnessBug;
  }
  say(`Artifact scan: no secret and no recipient value in ${files.length} files.`);
  if (card.verdict.code === 'clean') return CERTIFY_EXIT.clean;
  if (card.verdict.code === 'infrastructure') return CERTIFY_EXIT.infrastructure;
  return CERTIFY_EXIT.notClean;
}

/** Runs the integrator's command with the certification's environment; its exit code, or null at the timeout. */
function runFlow(command: string, env: Record<string, string>, timeoutMs: number, print: (line: string) => void): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const relay = (stream: NodeJS.ReadableStream) => createInterface({ input: stream }).on('line', print);
    relay(child.stdout!);
    relay(child.stderr!);
    const timer = setTimeout(() => {
      print(`(stopped after ${timeoutMs / 1000} s)`);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }, timeoutMs);
    child.on('error', (error) => print(`could not run the command: ${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? null : code);
    });
  });
}

function enterOrTimeout(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    const done = () => {
      clearTimeout(timer);
      lines.close();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    lines.once('line', done);
    lines.once('close', done);
  });
}

process.exitCode = await main();
