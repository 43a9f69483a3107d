// The checked client: sends through SessionClient, runs the always-on checks (and the test's own
// expectations) on EVERY response, records findings, the rules each expectation asserted and masked
// evidence, and throws an assertion error naming the requirement id(s) when a check fails. A check
// that throws is a harness bug: it is recorded and thrown as a HarnessError, never as a verdict on the
// server. It knows nothing about what a check checks.
import type { CreateSessionOptions, SessionClient, SessionResponse } from '../client/session-client.ts';
import { ALWAYS_ON, formatFailures, failuresOf, judgeExchange, type Check, type CheckContext, type Finding, type Judgement } from '../checks/index.ts';
import type { Contract, ParticipantProfile } from '../contract/index.ts';
import type { EvidencePolicy, ExchangeRecorder } from './recorder.ts';

export interface SendOptions extends CreateSessionOptions {
  /** The test's expectations about this answer, on top of the always-on checks. */
  readonly expect?: Check | readonly Check[];
  /** Fields the body breaks on purpose: a 13400 answer must name at least one of them (dataNamesField). */
  readonly brokenFields?: readonly string[];
  readonly evidence?: EvidencePolicy;
}

/** A check failed: the message names the requirement ids, the check and the request. */
export class ContractCheckError extends Error {
  constructor(
    readonly label: string,
    readonly findings: readonly Finding[],
    readonly exchange: SessionResponse,
  ) {
    const ids = [...new Set(failuresOf(findings).flatMap((f) => f.requirementIds))];
    super(`contract check failed (${ids.join(', ')}) for "${label}":\n${formatFailures(findings)}`);
    this.name = 'ContractCheckError';
  }

  get requirementIds(): string[] {
    return [...new Set(failuresOf(this.findings).flatMap((f) => f.requirementIds))];
  }
}

/** The harness itself broke (a check threw): a bug to fix, never a verdict on the server. */
export class HarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessError';
  }
}

export interface CheckedClientOptions {
  readonly contract: Contract;
  readonly recorder: ExchangeRecorder;
  readonly secrets: readonly string[];
  readonly participant: ParticipantProfile;
  readonly evidence?: EvidencePolicy;
  readonly alwaysOn?: readonly Check[];
}

export class CheckedClient {
  constructor(
    readonly raw: SessionClient,
    private readonly options: CheckedClientOptions,
  ) {}

  get participant(): ParticipantProfile {
    return this.options.participant;
  }

  get recorder(): ExchangeRecorder {
    return this.options.recorder;
  }

  /** The same checks and recorder around another client (an isolated simulator's, a legacy algorithm). */
  around(raw: SessionClient, participant: ParticipantProfile = this.options.participant): CheckedClient {
    return new CheckedClient(raw, { ...this.options, participant });
  }

  /** Another evidence policy (property tests attach failures and a sample, not every exchange). */
  withEvidence(evidence: EvidencePolicy): CheckedClient {
    return new CheckedClient(this.raw, { ...this.options, evidence });
  }

  /**
   * Sends a create-session request and checks the answer. A TransportError (timeout, refused
   * connection, persistent 429) propagates unchanged: it is infrastructure trouble, not a verdict.
   */
  async send(label: string, body: unknown, options: SendOptions = {}): Promise<SessionResponse> {
    const { expect, brokenFields, evidence, ...requestOptions } = options;
    const answered = this.options.recorder.sending(label);
    let exchange: SessionResponse;
    try {
      exchange = await this.raw.createSession(body, requestOptions);
    } finally {
      answered();
    }
    const { findings, asserted, thrown } = this.run(exchange, expect, brokenFields);
    await this.options.recorder.record(label, exchange, findings, evidence ?? this.options.evidence ?? 'always', asserted);
    for (const message of thrown) this.options.recorder.harnessError(message);
    // A real failure found on the same exchange is still a failure; the harness error is recorded beside it.
    if (findings.some((f) => f.kind === 'fail')) throw new ContractCheckError(label, findings, exchange);
    if (thrown.length > 0) throw new HarnessError(`harness error on "${label}": ${thrown.join('; ')}`);
    return exchange;
  }

  /** Runs the always-on checks and extra ones over an exchange (without sending). A check that throws raises a HarnessError. */
  check(exchange: SessionResponse, expect?: Check | readonly Check[], brokenFields?: readonly string[]): Finding[] {
    const { findings, thrown } = this.run(exchange, expect, brokenFields);
    if (thrown.length > 0) throw new HarnessError(thrown.join('; '));
    return findings;
  }

  private run(exchange: SessionResponse, expect: Check | readonly Check[] | undefined, brokenFields: readonly string[] | undefined): Judgement {
    const context: CheckContext = {
      contract: this.options.contract,
      secrets: this.options.secrets,
      credentials: this.raw.credentials,
      participant: this.options.participant,
      ...(brokenFields && { brokenFields }),
    };
    const expectations = expect === undefined ? [] : Array.isArray(expect) ? (expect as readonly Check[]) : [expect as Check];
    return judgeExchange(exchange, context, expectations, this.options.alwaysOn ?? ALWAYS_ON);
  }
}
