// How long generating 10,000 valid and 10,000 invalid create-session requests takes, after a warm-up
// that compiles the contract and the generation plans. Budget: under 1 s. `--seed N` fixes the seed.
// The budget is judged on wall time. Wall time depends on what else the machine runs, so the CPU time
// of this process and the load average are printed beside it, to tell a slow generator from a busy machine.
import { loadavg } from 'node:os';
import fc from 'fast-check';
import { loadContract } from '../src/contract/index.ts';
import { invalidRequest, seedFromEnv, validRequest, type GeneratorParticipant } from '../generators/index.ts';

const COUNT = 10_000;
const BUDGET_MS = 1000;
const participant: GeneratorParticipant = { paypal_enabled: true, host_uris: ['https://digitalpay.ingo.money'] };

const { seed, source } = seedFromEnv();
const contract = loadContract();
const valid = validRequest(contract, participant);
const invalid = invalidRequest(contract, participant);

// Warm-up: the JIT, and the plans' one-off probes.
fc.sample(valid, { seed: seed ^ 1, numRuns: 3000 });
fc.sample(invalid, { seed: seed ^ 1, numRuns: 3000 });

function measure(run: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const v = measure(() => fc.sample(valid, { seed, numRuns: COUNT }));
const i = measure(() => fc.sample(invalid, { seed, numRuns: COUNT }));
const wall = v.wall + i.wall;
const cpu = v.cpu + i.cpu;
const ms = (n: number) => `${n.toFixed(0)} ms`;

console.log(`seed ${seed} (${source}); load average ${loadavg()[0]!.toFixed(1)}`);
console.log(`${COUNT} valid requests:   ${ms(v.wall)} wall, ${ms(v.cpu)} CPU`);
console.log(`${COUNT} invalid requests: ${ms(i.wall)} wall, ${ms(i.cpu)} CPU`);
console.log(`total: ${ms(wall)} wall, ${ms(cpu)} CPU (budget ${BUDGET_MS} ms wall): ${wall < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`);
process.exitCode = wall < BUDGET_MS ? 0 : 1;
