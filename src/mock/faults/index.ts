// The fault catalogue: every family's faults plus those generated from the contract's field rules.
// A new fault is one entry in its family's file; nothing else changes.
import { loadContract, type Contract } from '../../contract/index.ts';
import type { Override } from '../core/seams.ts';
import type { FaultDefinition, FaultMode } from './fault.ts';
import { fieldFaults } from './field-rules.ts';
import { HOST_FAULTS } from './host.ts';
import { IDEMPOTENCY_FAULTS } from './idempotency.ts';
import { PLUGIN_FAULTS } from './plugin.ts';
import { RESPONSE_SHAPE_FAULTS } from './response-shape.ts';
import { ROBUSTNESS_FAULTS } from './robustness.ts';
import { SIGNING_FAULTS } from './signing.ts';
import { VALIDATION_FAULTS } from './validation.ts';

export type { FaultMode } from './fault.ts';
export { HANG_MS } from './fault.ts';

/** The fixed faults, family by family. */
const FIXED: readonly FaultDefinition[] = [
  ...VALIDATION_FAULTS,
  ...RESPONSE_SHAPE_FAULTS,
  ...ROBUSTNESS_FAULTS,
  ...IDEMPOTENCY_FAULTS,
  ...SIGNING_FAULTS,
  ...HOST_FAULTS,
  ...PLUGIN_FAULTS,
];

function definitionsFor(contract: Pick<Contract, 'fields'>): FaultDefinition[] {
  const all = [...fieldFaults(contract), ...FIXED];
  const seen = new Set<string>();
  for (const f of all) {
    if (seen.has(f.name)) throw new Error(`duplicate fault mode ${f.name}`);
    seen.add(f.name);
  }
  return all;
}

/** The fault modes a contract yields: the fixed ones plus one set per limited or required field. */
export function faultModesFor(contract: Contract): FaultMode[] {
  return definitionsFor(contract).map(({ name, description, requirementIds }) => ({ name, description, requirementIds: [...requirementIds] }));
}

/** The fault modes of the default contract. */
export const FAULT_MODES: readonly FaultMode[] = Object.freeze(faultModesFor(loadContract()).map((m) => Object.freeze(m)));

/** The overrides of the named faults, in the order given; unknown names are an error naming the valid ones. */
export function faultOverrides(names: readonly string[], contract: Contract): { names: readonly string[]; overrides: Override[] } {
  const byName = new Map(definitionsFor(contract).map((f) => [f.name, f]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    throw new Error(`unknown fault mode${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid names: ${[...byName.keys()].join(', ')}`);
  }
  const active = [...new Set(names)];
  return { names: Object.freeze(active), overrides: active.flatMap((n) => byName.get(n)!.overrides) };
}
