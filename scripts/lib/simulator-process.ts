// Starts the simulator CLI as its own process (so its memory can be measured apart from the load
// generator, or a harness can run against it in remote mode) and reads the origins it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface SimulatorProcess {
  readonly url: string;
  /** Where its authorized URLs point: url itself, or another origin (the plugin-origin choice). */
  readonly pluginOrigin: string;
  readonly pid: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export interface ProcessOptions {
  /** Node flags before the script, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/p']. */
  readonly nodeArgs?: readonly string[];
  /** Run on this CPU only (Linux `taskset`), so a benchmark's load generator can have the other. */
  readonly cpu?: number;
}

/** The command that starts node with `args`, pinned to one CPU when asked. */
export function nodeCommand(args: readonly string[], options: ProcessOptions = {}): [string, string[]] {
  const node = [...(options.nodeArgs ?? []), ...args];
  return options.cpu === undefined ? [process.execPath, node] : ['taskset', ['-c', String(options.cpu), process.execPath, ...node]];
}

/** extraArgs are CLI flags, e.g. ['--personality', 'slow-cloud', '--virtual-clock']. */
export async function startSimulatorProcess(extraArgs: readonly string[] = [], options: ProcessOptions = {}): Promise<SimulatorProcess> {
  // taskset execs node in place, so the child's pid is node's either way.
  const [command, args] = nodeCommand(['--import', 'tsx', 'src/mock/cli.ts', '--port', '0', ...extraArgs], options);
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const origins = await new Promise<{ url: string; pluginOrigin: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator printed no URL in 15 s: ${out}`)), 15_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      // The participants line follows the origins, so both are in once it is.
      if (url && /^ {2}participants: /m.test(out)) {
        clearTimeout(timer);
        resolve({ url, pluginOrigin: /^ {2}plug-in pages on (http:\/\/\S+)$/m.exec(out)?.[1] ?? url });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${out}`));
    });
  });
  return {
    ...origins,
    pid: child.pid!,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
