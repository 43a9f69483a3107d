// npm run mock -- --port <n> [--participants file.json] [--personality NAME] [--choice name=value]...
//   [--fault NAME]... [--virtual-clock] [--latency-ms N] [--error-rate R] [--drop-rate R] [--seed N]
//   [--host H] [--max-body-bytes N] [--max-sessions N] [--explain] [--list-faults] [--list-personalities] [--list-choices]
// Prints the URL it listens on, runs until SIGINT/SIGTERM, closes cleanly. Bad flags exit 2.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { badInputLine, integerFlag, numberFlag, parseFlags, UsageError } from '../cli/flags.ts';
import { closeOnSignals } from '../cli/signals.ts';
import { DEMO_PARTICIPANTS } from '../config/demo-participants.ts';
import { checkParticipants } from './core/participants.ts';
import { FAULT_MODES, startSimulator, type SimulatorOptions } from './index.ts';
import { CHOICES, defaultValue, parseChoiceAssignment, PERSONALITIES, resolvePersonality, type Choice } from './personality/index.ts';

// Under sustained load V8 let the old generation grow to about four times what was live (~60 MB at
// the 50,000-session cap) before collecting it: RSS 190-320 MB after 60 s of bench:mock, depending on
// when the last full collection ran. Growing by half instead keeps it under 200 MB at no measurable
// CPU cost (paired 60 s runs, scripts/bench-mock.ts). The factor is read at each collection, so
// setting it here, before any load, covers however the CLI is started.
setFlagsFromString('--heap-growing-percent=50');

const USAGE =
  'usage: npm run mock -- [--port N] [--host H] [--participants file.json] [--personality NAME] [--choice name=value]... ' +
  '[--fault NAME]... [--virtual-clock] [--latency-ms N] [--error-rate 0..1] [--drop-rate 0..1] [--seed N] [--max-body-bytes N] ' +
  '[--max-sessions N] [--explain] [--list-faults] [--list-personalities] [--list-choices]';

type Listing = 'faults' | 'personalities' | 'choices' | undefined;

function parse(argv: string[]): { options: SimulatorOptions; list: Listing; help: boolean } {
  const values = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    participants: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'virtual-clock': { type: 'boolean' },
    'latency-ms': { type: 'string' },
    'error-rate': { type: 'string' },
    'drop-rate': { type: 'string' },
    seed: { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'max-sessions': { type: 'string' },
    personality: { type: 'string' },
    choice: { type: 'string', multiple: true },
    explain: { type: 'boolean' },
    'list-faults': { type: 'boolean' },
    'list-personalities': { type: 'boolean' },
    'list-choices': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const int = (n: number) => Number.isInteger(n);
  const port = integerFlag('port', values.port, 0, 65535);
  const latencyMs = numberFlag('latency-ms', values['latency-ms'], (n) => n >= 0 && n <= 60_000, 'a number of milliseconds between 0 and 60000');
  const errorRate = numberFlag('error-rate', values['error-rate'], (n) => n >= 0 && n <= 1, 'a share between 0 and 1');
  const dropRate = numberFlag('drop-rate', values['drop-rate'], (n) => n >= 0 && n <= 1, 'a share between 0 and 1');
  const seed = numberFlag('seed', values.seed, int, 'an integer');
  const maxBodyBytes = numberFlag('max-body-bytes', values['max-body-bytes'], (n) => int(n) && n > 0, 'a positive integer');
  const maxSessions = numberFlag('max-sessions', values['max-sessions'], (n) => int(n) && n > 0, 'a positive integer');
  if ((errorRate ?? 0) + (dropRate ?? 0) > 1) throw new UsageError('--error-rate plus --drop-rate must not exceed 1');

  const known = new Set(FAULT_MODES.map((f) => f.name));
  const faults = values.fault ?? [];
  const unknown = faults.filter((f) => !known.has(f));
  if (unknown.length > 0) {
    throw new UsageError(`unknown --fault ${unknown.join(', ')}; valid names: ${FAULT_MODES.map((f) => f.name).join(', ')}`);
  }

  const choices: Record<string, string> = {};
  for (const text of values.choice ?? []) {
    const [name, value] = parseOrUsage(() => parseChoiceAssignment(text));
    choices[name] = value;
  }
  const personality = values.personality ?? 'default';
  parseOrUsage(() => resolvePersonality(personality, choices));

  let participants = [...DEMO_PARTICIPANTS];
  if (values.participants !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.participants, 'utf8');
    } catch (error) {
      throw new UsageError(`--participants: cannot read ${values.participants}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      participants = checkParticipants(JSON.parse(text) as unknown, values.participants);
    } catch (error) {
      throw new UsageError(`--participants: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  const chaos = {
    ...(latencyMs !== undefined && { latencyMs }),
    ...(errorRate !== undefined && { errorRate }),
    ...(dropRate !== undefined && { dropRate }),
    ...(seed !== undefined && { seed }),
  };
  return {
    list: values['list-faults'] ? 'faults' : values['list-personalities'] ? 'personalities' : values['list-choices'] ? 'choices' : undefined,
    help: values.help === true,
    options: {
      personality,
      choices,
      ...(seed !== undefined && { seed }),
      host: values.host ?? '127.0.0.1',
      port: port ?? 4010,
      participants,
      virtualClock: values['virtual-clock'] === true,
      faults,
      chaos,
      ...(maxBodyBytes !== undefined && { maxBodyBytes }),
      ...(maxSessions !== undefined && { maxSessions }),
      // One line per refused request, then the signing strings of a signing refusal, indented.
      ...(values.explain === true && { explain: { log: (line: string) => void process.stdout.write(`${line}\n`) } }),
    },
  };
}

/** Runs a check whose error message is already one clear line, as a usage error. */
function parseOrUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}

function listPersonalities(): void {
  for (const p of PERSONALITIES) {
    process.stdout.write(`${p.name}\t${p.description}${Object.keys(p.choices).length === 0 ? ' (every choice at its default)' : ''}\n`);
    for (const c of CHOICES as readonly Choice[]) {
      const picked = (p.choices as Record<string, string | undefined>)[c.name];
      if (picked !== undefined) process.stdout.write(`  ${c.name}=${picked}${picked === defaultValue(c) ? ' (also the default)' : ''}\n`);
    }
    for (const [name, value] of Object.entries(p.harnessEnv)) process.stdout.write(`  harness: ${name}=${value}\n`);
  }
}

function listChoices(): void {
  for (const c of CHOICES as readonly Choice[]) {
    process.stdout.write(`${c.name}\t${c.description}\n`);
    c.values.forEach((v, i) => process.stdout.write(`  ${v.value}${i === 0 ? ' (default)' : ''}\t${v.description}\n`));
  }
}

async function main(): Promise<void> {
  // A reader that went away (a closed pipe) must not crash the simulator on its next status line.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  let parsed;
  try {
    parsed = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${badInputLine('ingopay simulator', error)}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.list === 'faults') {
    for (const f of FAULT_MODES) process.stdout.write(`${f.name}\t${f.requirementIds.join(',')}\t${f.description}\n`);
    return;
  }
  if (parsed.list === 'personalities') return listPersonalities();
  if (parsed.list === 'choices') return listChoices();
  let simulator;
  try {
    simulator = await startSimulator(parsed.options);
  } catch (error) {
    process.stderr.write(`ingopay simulator: cannot start: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(2);
  }
  // Handlers first: a caller may signal as soon as it has read the URL line.
  closeOnSignals((signal) => process.stdout.write(`ingopay simulator: ${signal}, closing\n`), () => simulator.close());
  const { options } = parsed;
  process.stdout.write(`IngoPay simulator listening on ${simulator.url}\n`);
  if (simulator.pluginOrigin !== simulator.url) process.stdout.write(`  plug-in pages on ${simulator.pluginOrigin}\n`);
  if (simulator.personality !== 'default' || Object.keys(options.choices ?? {}).length > 0) {
    const changed = Object.entries(options.choices ?? {}).map(([k, v]) => `${k}=${v}`);
    process.stdout.write(`  personality: ${simulator.personality}${changed.length > 0 ? ` with ${changed.join(', ')}` : ''}\n`);
  }
  process.stdout.write(`  participants: ${options.participants!.map((p) => `${p.username} (id ${p.participant_id}${p.paypal_enabled ? ', PayPal' : ''})`).join('; ')}\n`);
  if (options.virtualClock) process.stdout.write(`  virtual clock: POST ${simulator.url}/__admin/clock/advance {"seconds": n}\n`);
  if (options.explain) process.stdout.write('  explain: every refused request is explained here and in its X-Simulator-Explain header (local use only)\n');
  if (simulator.faults.length > 0) process.stdout.write(`  FAULTS ACTIVE (the contract is broken on purpose): ${simulator.faults.join(', ')}\n`);
  const chaos = options.chaos ?? {};
  if (chaos.latencyMs || chaos.errorRate || chaos.dropRate) process.stdout.write(`  chaos: ${JSON.stringify(chaos)}\n`);
}

await main();
