// Terminal progress for `npm run conformance`: what runs, how far it is, and every failure as it
// happens. On a terminal one status line is rewritten; in CI logs a line is printed every 5 %, so a
// long certification run shows life without flooding the log.
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { classifyOutcome } from './classify.ts';
import { firstLine } from './matrix.ts';
import { documentsOf, finalResultOf } from './records.ts';
import { maskPersonalFieldsInText } from './redact.ts';
import { knownSecrets, scrubSecrets, stripAnsi } from './secret-forms.ts';

const SYMBOL = { passed: '✔', failed: '✘', 'infrastructure-error': '⚠', 'harness-error': '✱', 'not-checked': '○', 'not-applicable': '–', interrupted: '○' } as const;

export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private readonly tally = { passed: 0, failed: 0, infrastructure: 0, harness: 0, skipped: 0 };
  private readonly tty = !!process.stdout.isTTY && !process.env['CI'];
  private readonly secrets = knownSecrets();
  private step = 1;
  private started = Date.now();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.step = Math.max(1, Math.floor(this.total / 20));
    this.started = Date.now();
    const perProject = suite.suites.map((p) => `${p.title || 'default'} ${p.allTests().length}`).join(', ');
    const ingo = (config.metadata['ingo'] ?? {}) as { seed?: number; profile?: string; target?: { mode: string; baseUrl: string } };
    const target = ingo.target ? `${ingo.target.mode}${ingo.target.mode === 'remote' ? ` ${ingo.target.baseUrl}` : ''}` : process.env['INGO_TARGET'] || 'mock';
    console.log(`Running ${this.total} check${this.total === 1 ? '' : 's'} (${perProject}) with ${config.workers} worker${config.workers === 1 ? '' : 's'} · profile ${ingo.profile ?? process.env['INGO_PROFILE'] ?? 'default'} · seed ${ingo.seed ?? process.env['INGO_SEED'] ?? '?'} · target ${target}`);
  }

  onTestBegin(test: TestCase): void {
    if (this.tty) this.status(`running ${this.name(test)}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped' && result.retry < test.retries && result.status !== 'passed') return; // a retry follows
    this.done += 1;
    const clean = (text: string) => this.clean(text);
    const documentFailures = documentsOf(result, clean).flatMap((d) => (d.failure ? [d.failure] : []));
    const final = finalResultOf(result, result.annotations?.length ? result.annotations : test.annotations, clean, documentFailures);
    const errors = final.errors;
    const { outcome, reason } = classifyOutcome(final);
    if (outcome === 'passed') this.tally.passed += 1;
    else if (outcome === 'failed') this.tally.failed += 1;
    else if (outcome === 'infrastructure-error') this.tally.infrastructure += 1;
    else if (outcome === 'harness-error') this.tally.harness += 1;
    else this.tally.skipped += 1;
    if (outcome === 'failed' || outcome === 'infrastructure-error' || outcome === 'harness-error') {
      this.clearStatus();
      const tags = test.tags.length ? ` ${test.tags.join(' ')}` : '';
      const what = outcome === 'harness-error' ? reason : errors[0] ?? reason;
      console.log(`  ${SYMBOL[outcome]} ${this.name(test)}${tags}\n      ${firstLine(what ?? '')}`);
    }
    if (this.tty) this.status(`last: ${SYMBOL[outcome]} ${this.name(test)}`);
    else if (this.done % this.step === 0 && this.done < this.total) console.log(this.counter());
  }

  onError(error: TestError): void {
    this.clearStatus();
    console.error(`error: ${firstLine(this.clean(error.message ?? String(error.value ?? '')))}`);
  }

  async onEnd(result: FullResult): Promise<void> {
    this.clearStatus();
    console.log(`${this.counter()} · ${result.status} in ${((Date.now() - this.started) / 1000).toFixed(1)} s`);
  }

  private counter(): string {
    const t = this.tally;
    const width = String(this.total).length;
    return `[${String(this.done).padStart(width)}/${this.total}] ✔ ${t.passed} passed  ✘ ${t.failed} failed  ⚠ ${t.infrastructure} infrastructure${t.harness ? `  ✱ ${t.harness} harness errors` : ''}  ○ ${t.skipped} not checked`;
  }

  private status(text: string): void {
    const line = `${this.counter()}  ${text}`;
    const width = process.stdout.columns || 120;
    process.stdout.write(`\r\u001b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
  }

  private clearStatus(): void {
    if (this.tty) process.stdout.write('\r\u001b[2K');
  }

  private name(test: TestCase): string {
    return test.titlePath().filter(Boolean).join(' › ');
  }

  private clean(text: string): string {
    return maskPersonalFieldsInText(scrubSecrets(stripAnsi(text), this.secrets));
  }
}
