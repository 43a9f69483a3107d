// The vocabulary of the checks (Schemathesis-style): a check is a small named function over one
// exchange and its context; it returns findings. The runner and the checked client know nothing about
// what a check checks: they only turn findings into failures, warnings, observations and drift.
import type { Credentials } from '../client/signer.ts';
import type { SessionResponse } from '../client/session-client.ts';
import type { Contract, ParticipantProfile } from '../contract/index.ts';

export interface CheckContext {
  readonly contract: Contract;
  /** Secrets that must never appear in a response (the participants' HMAC secrets). */
  readonly secrets: readonly string[];
  /** The credentials the request was meant to be signed with (to know what the server would expect). */
  readonly credentials?: Credentials;
  /** The calling participant, for rules that depend on it. */
  readonly participant?: ParticipantProfile;
  /** Fields the request broke on purpose (dotted keys or names), for checks on 13400 `data`. */
  readonly brokenFields?: readonly string[];
}

export type Finding =
  /** A documented rule is broken: the test fails, naming the requirement ids. */
  | { readonly kind: 'fail'; readonly check: string; readonly requirementIds: readonly string[]; readonly message: string }
  /** Suspicious but not a contract failure (e.g. a 2xx carrying an error status). */
  | { readonly kind: 'warn'; readonly check: string; readonly message: string }
  /** Undocumented behaviour, recorded with what was seen. */
  | { readonly kind: 'observe'; readonly check: string; readonly id: string; readonly observed: string }
  /** A field the contract does not declare, seen in a live response. */
  | { readonly kind: 'drift'; readonly check: string; readonly path: string; readonly observed: string };

export interface Check {
  readonly name: string;
  /** The requirement ids a failure of this check is reported under. */
  readonly requirementIds: readonly string[];
  run(exchange: SessionResponse, context: CheckContext): readonly Finding[];
}

/** Builds a check; `run` may return nothing (pass), one finding or several. */
export function defineCheck(
  name: string,
  requirementIds: readonly string[],
  run: (exchange: SessionResponse, context: CheckContext, emit: Emitter) => void,
): Check {
  return {
    name,
    requirementIds,
    run(exchange, context) {
      const findings: Finding[] = [];
      run(exchange, context, {
        fail: (message, ids = requirementIds) => findings.push({ kind: 'fail', check: name, requirementIds: ids, message }),
        warn: (message) => findings.push({ kind: 'warn', check: name, message }),
        observe: (id, observed) => findings.push({ kind: 'observe', check: name, id, observed }),
        drift: (path, observed) => findings.push({ kind: 'drift', check: name, path, observed }),
      });
      return findings;
    },
  };
}

export interface Emitter {
  fail(message: string, requirementIds?: readonly string[]): void;
  warn(message: string): void;
  observe(id: string, observed: string): void;
  drift(path: string, observed: string): void;
}
