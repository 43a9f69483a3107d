// Collects what the checks found beyond pass/fail during one test (observations, drift, warnings) and
// the masked evidence, deduplicated, and writes them to the test's annotations and attachments.
// A property test sends thousands of requests: the same observation is recorded once with a count,
// and evidence is attached for failures (and a sample) rather than for every exchange.
import type { TestInfo } from '@playwright/test';
import type { SessionResponse } from '../client/session-client.ts';
import type { Finding } from '../checks/index.ts';
import { drift, observe, warn } from '../report/annotations.ts';
import { attachExchange } from '../report/evidence.ts';
import { scrubText } from '../report/redact.ts';

export type EvidencePolicy = 'always' | 'failures' | 'never';

/** At most this many exchanges are attached per test; the rest are counted. */
export const MAX_ATTACHED_EXCHANGES = 60;
/** Failures attached as they happen in a property run; the last (smallest) one is attached at the end. */
const EARLY_FAILURES = 2;

export class ExchangeRecorder {
  private readonly observations = new Map<string, Map<string, number>>();
  private readonly drifts = new Map<string, string>();
  private readonly warnings = new Map<string, number>();
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

  /** Records one exchange's findings and attaches its evidence as the policy says. */
  async record(label: string, exchange: SessionResponse, findings: readonly Finding[], policy: EvidencePolicy): Promise<void> {
    this.exchanges += 1;
    for (const finding of findings) {
      if (finding.kind === 'observe') {
        const seen = this.observations.get(finding.id) ?? new Map<string, number>();
        seen.set(finding.observed, (seen.get(finding.observed) ?? 0) + 1);
        this.observations.set(finding.id, seen);
      } else if (finding.kind === 'drift') {
        this.drifts.set(finding.path, finding.observed);
      } else if (finding.kind === 'warn') {
        this.warnings.set(finding.message, (this.warnings.get(finding.message) ?? 0) + 1);
      }
    }
    const failed = findings.some((f) => f.kind === 'fail');
    if (policy === 'never') return;
    if (policy === 'always') return this.attach(label, exchange);
    if (failed) {
      this.failures += 1;
      if (this.failures <= EARLY_FAILURES) return this.attach(`failure: ${label}`, exchange);
      this.lastFailure = { label, exchange };
    } else if (!this.sampled) {
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

  async attach(label: string, exchange: SessionResponse): Promise<void> {
    if (this.attached >= MAX_ATTACHED_EXCHANGES) {
      this.notAttached += 1;
      return;
    }
    this.attached += 1;
    try {
      await attachExchange(this.testInfo, label, exchange, this.secrets);
    } catch (error) {
      // Evidence must never decide a verdict: if the masking code cannot handle this body (e.g. JSON
      // nested 100 000 deep), attach what is safe without it: no request body, the status and the
      // response's first bytes scrubbed of secrets.
      await this.testInfo.attach(`evidence: ${label}`, {
        contentType: 'application/json',
        body: JSON.stringify(
          {
            label,
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
    if (this.lastFailure) await this.attach(`failure (last, smallest counterexample): ${this.lastFailure.label}`, this.lastFailure.exchange);
    for (const [id, seen] of this.observations) {
      const text = [...seen].map(([observed, count]) => (count > 1 ? `${observed} (×${count})` : observed)).join('; ');
      observe(this.testInfo, id, text);
    }
    for (const [path, observed] of this.drifts) drift(this.testInfo, path, observed);
    for (const [message, count] of this.warnings) warn(this.testInfo, count > 1 ? `${message} (×${count})` : message);
    if (this.notAttached > 0) {
      this.testInfo.annotations.push({ type: 'evidence', description: `${this.attached} exchanges attached, ${this.notAttached} more not attached (cap ${MAX_ATTACHED_EXCHANGES})` });
    }
    this.observations.clear();
    this.drifts.clear();
    this.warnings.clear();
    this.lastFailure = undefined;
  }
}
