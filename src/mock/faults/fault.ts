// A fault mode makes the simulator break the contract in exactly one named way, so the harness's
// detection power can be measured (mutation testing). A fault is data (name, description, the
// requirement ids it breaks) plus the overrides that break it, each registered on one stage.
import type { Override } from '../core/seams.ts';

export interface FaultMode {
  readonly name: string;
  readonly description: string;
  readonly requirementIds: string[];
}

export interface FaultDefinition extends FaultMode {
  readonly overrides: readonly Override[];
}

export function fault(name: string, description: string, requirementIds: readonly string[], ...overrides: Override[]): FaultDefinition {
  return { name, description, requirementIds: [...requirementIds], overrides };
}

/** How long hang-on-huge-body stalls before answering: beyond any sane client timeout, yet bounded. */
export const HANG_MS = 30_000;
