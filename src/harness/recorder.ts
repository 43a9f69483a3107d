// Collects what the checks found during one test (observations, drift, warnings, check failures, the
// rules each exchange asserted) and the masked evidence, deduplicated, and writes them to the test's
// annotations and attachments. A property test sends thousands of requests: the same observation is
// recorded once with a count, and evidence is attached for failures (and a sample) rather than for
// every exchange. The exchange that failed is always attached, whatever the policy or the cap, because
// the report's reproduction replays it.
import type { TestInfo } from '@playwright/test';
import type { SessionResponse } from '../client/session-client.ts';
import { failuresOf, type Finding } from '../checks/index.ts';
import { drift, IN_FLIGHT, observe, recordCheckFailure, recordHarnessError, recordRuleVerdict, warn } from '../report/annotations.ts';
import { attachExchange, EVIDENCE_PREFIX } from '../report/evidence.ts';
import { scrubText } from '../report/redact.ts';
import { RuleTally, type PerRuleOptions } from '../report/rule-tally.ts';

export type EvidencePolicy = 'always' | 'failures' | 'never';

/** At most this many passing exchanges are attached per test; the rest are counted. Failures are not capped. */
export const MAX_ATTACHED_EXCHANGES = 60;
/** Failures attached as they happen in a property run; the last (smallest) one is attached at the end. */
const EARLY_FAILURES = 2;
/** The label prefix of a failing exchange's evidence. */
export const FAILURE_LABEL = 'failure: ';

export class ExchangeRecorder {
  private readonly observations = new Map<string, Map<string, number>>();
  private readonly drifts = new Map<string, string>();
  private readonly warnings = new Map<string, number>();
  private readonly tally = new RuleTally();
  private readonly inFlight = new Map<number, { label: string; since: number }>();
  private nextRequest = 0;
  private attached = 0;
  private notAttached = 0;
  private failures = 0;
  private lastFailure: { label: string; exchange: SessionResponse } | undefined;
  private sampled = false;
  exchanges = 0;

  constructor(
    readonly testInfo: TestInfo,
    private readonly secrets: readonly string[],
  ) {}

  /**
   * Records one exchange: its findings, the rules its expectations asserted (`asserted`), and its
   * evidence as the policy says. A failing exchange is always attached, marked as the failure.
   */
  async record(label: string, exchange: SessionResponse, findings: readonly Finding[], policy: EvidencePolicy, asserted: readonly string[] = []): Promise<void> {
    this.exchanges += 1;
    for (const finding of findings) {
      if (finding.kind === 'observe') this.observe(finding.id, finding.observed);
      else if (finding.kind === 'drift') this.drifts.set(finding.path, finding.observed);
      else if (finding.kind === 'warn') this.warnings.set(finding.message, (this.warnings.get(finding.message) ?? 0) + 1);
    }
    const failing = failuresOf(findings);
    const broken = [...new Set(failing.flatMap((f) => f.requirementIds))];
    this.tally.failed(broken);
    this.tally.exercised(asserted.filter((id) => !broken.includes(id)));
    if (failing.length > 0) {
      recordCheckFailure(this.testInfo, { requirementIds: broken, checks: [...new Set(failing.map((f) => f.check))], label });
      this.failures += 1;
      if (this.failures <= EARLY_FAILURES) return this.attachFailure(label, exchange);
      this.lastFailure = { label, exchange };
      return;
    }
    if (policy === 'never') return;
    if (policy === 'always') return this.attach(label, exchange);
    if (!this.sampled) {
      this.sampled = true;
      return this.attach(`sample: ${label}`, exchange);
    }
  }

  /** Records an observation made by the test itself (not by a check). */
  observe(id: string, observed: string): void {
    const seen = this.observations.get(id) ?? new Map<string, number>();
    seen.set(observed, (seen.get(observed) ?? 0) + 1);
    this.observations.set(id, seen);
  }

  /**
   * This test decides these rules one by one, from what its exchanges asserted: a rule no exchange
   * asserted is "not checked" (or not applicable, with the reason), never passed; a failure fails only
   * the rules it broke. The test's tags still select it (`--grep @ID`).
   */
  judgePerRule(ids: readonly string[], options: PerRuleOptions = {}): void {
    this.tally.declare(ids, options);
  }

  /** The test itself knows these rules were asserted once more (beyond its checks' expectations). */
  exercised(ids: readonly string[]): void {
    this.tally.exercised(ids);
  }

  /** The harness broke (a check threw): recorded apart, never as a verdict on the server. */
  harnessError(message: string): void {
    recordHarnessError(this.testInfo, message);
  }

  /** Marks a request as sent; the returned function marks it answered (or failed). */
  sending(label: string): () => void {
    const id = this.nextRequest++;
    this.inFlight.set(id, { label, since: Date.now() });
    return () => this.inFlight.delete(id);
  }

  async attach(label: string, exchange: SessionResponse): Promise<void> {
    if (this.attached >= MAX_ATTACHED_EXCHANGES) {
      this.notAttached += 1;
      return;
    }
    this.attached += 1;
    await this.attachEvidence(label, exchange, false);
  }

  private async attachFailure(label: string, exchange: SessionResponse): Promise<void> {
    await this.attachEvidence(`${FAILURE_LABEL}${label}`, exchange, true);
  }

  private async attachEvidence(label: string, exchange: SessionResponse, failing: boolean): Promise<void> {
    try {
      await attachExchange(this.testInfo, label, exchange, this.secrets, { failing });
    } catch (error) {
      // Evidence must never decide a verdict: if the masking code cannot handle this body (e.g. JSON
      // nested 100 000 deep), attach what is safe without it: no request body, the status and the
      // response's first bytes scrubbed of secrets.
      await this.testInfo.attach(`${EVIDENCE_PREFIX}${label}`, {
        contentType: 'application/json',
        body: JSON.stringify(
          {
            label,
            ...(failing && { failing }),
            note: `request body not attached: the evidence builder failed (${(error as Error).message})`,
            request: { method: exchange.request.method, url: exchange.request.url, bodyBytes: Buffer.byteLength(exchange.request.body) },
            response: { status: exchange.status, headers: exchange.headers, body: scrubText(exchange.rawBody.slice(0, 500), this.secrets), elapsedMs: Math.round(exchange.elapsedMs) },
          },
          null,
          2,
        ),
      });
    }
  }

  /** Writes the deduplicated annotations; call once, at the end of the test. */
  async flush(): Promise<void> {
    // The test's reported failure is its last failing exchange (a property's smallest counterexample).
    if (this.lastFailure) await this.attachFailure(`${this.lastFailure.label} (the last failure, the one reported)`, this.lastFailure.exchange);
    for (const [id, seen] of this.observations) {
      const text = [...seen].map(([observed, count]) => (count > 1 ? `${observed} (×${count})` : observed)).join('; ');
      observe(this.testInfo, id, text);
    }
    for (const [path, observed] of this.drifts) drift(this.testInfo, path, observed);
    for (const [message, count] of this.warnings) warn(this.testInfo, count > 1 ? `${message} (×${count})` : message);
    for (const verdict of this.tally.verdicts()) recordRuleVerdict(this.testInfo, verdict);
    if (this.notAttached > 0) {
      this.testInfo.annotations.push({ type: 'evidence', description: `${this.attached} passing exchanges attached, ${this.notAttached} more not attached (cap ${MAX_ATTACHED_EXCHANGES}); every failing exchange is attached` });
    }
    const now = Date.now();
    for (const { label, since } of this.inFlight.values()) {
      this.testInfo.annotations.push({ type: IN_FLIGHT, description: `"${label}" was still waiting for the target's answer after ${((now - since) / 1000).toFixed(1)} s` });
    }
    this.observations.clear();
    this.drifts.clear();
    this.warnings.clear();
    this.inFlight.clear();
    this.lastFailure = undefined;
  }
}
