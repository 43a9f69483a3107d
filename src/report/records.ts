// Turns Playwright's view of one finished test (its case and final result) into a TestRecord: the
// requirement ids from its tags, its outcome, and what it left behind (annotations, evidence,
// screenshots, errors), with every secret scrubbed on the way in.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { CHECK_FAILURE, HARNESS_ERROR, IN_FLIGHT, RULE_VERDICT, type CheckFailureNote, type RuleVerdictNote } from './annotations.ts';
import { EVIDENCE_PREFIX } from './evidence.ts';
import { classifyOutcome, type FinalResult } from './classify.ts';
import type { SigningRecord } from '../client/session-client.ts';
import type { DocumentSummary, ExchangeSummary, TestRecord } from './model.ts';
import { curlCommand, testCommand, type CommandContext } from './reproduce.ts';
import { maskPersonalFieldsInText } from './redact.ts';
import { scrubSecrets, stripAnsi } from './secret-forms.ts';

/** Evidence kept per test: enough to see the failure and a sample, without a 100 MB report. */
export const MAX_EVIDENCE_PER_TEST = 20;
export const PASSED_EVIDENCE_PER_TEST = 3;
/** A body beyond this is shown by its start only (a robustness check sends megabytes). */
export const MAX_BODY_CHARS = 16_000;
export const ASSETS_DIR = 'conformance-assets';
/** The browser suite's document observations (src/browser/evidence.ts). */
export const DOCUMENT_PREFIX = 'browser evidence: ';

export interface RecordOptions {
  readonly rootDir: string;
  /** Where the reports are written; screenshots are copied under it. */
  readonly reportsDir: string;
  readonly secrets: readonly string[];
  readonly context: CommandContext;
}

export function requirementIdsOf(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.replace(/^@/, '')).filter((t) => /^(SM|OBS)-[A-Z0-9-]+$/.test(t)))];
}

type Annotations = ReadonlyArray<{ type: string; description?: string }>;

/**
 * What classification needs of one finished test, from its result and annotations: the errors
 * (scrubbed) and the structured notes the harness wrote while it ran. Shared by the conformance and
 * progress reporters, so the terminal and the report never disagree.
 */
export function finalResultOf(result: Pick<TestResult, 'status' | 'errors' | 'error'>, annotations: Annotations, scrubMessage: (text: string) => string, documentFailures: readonly string[] = []): FinalResult & { checkFailureNotes: CheckFailureNote[] } {
  const skipReason = annotations.filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description ?? '').find(Boolean);
  const errors = (result.errors.length ? result.errors : result.error ? [result.error] : []).map((e) => scrubMessage(e.message ?? e.value ?? String(e)));
  const checkFailureNotes = parsed(annotations, CHECK_FAILURE, (v) => (Array.isArray(v['requirementIds']) ? { ...(v as unknown as CheckFailureNote), label: scrubMessage(String(v['label'] ?? '')) } : undefined));
  const harnessErrors = annotations.filter((a) => a.type === HARNESS_ERROR && a.description).map((a) => scrubMessage(a.description!));
  const inFlight = annotations.filter((a) => a.type === IN_FLIGHT && a.description).map((a) => scrubMessage(a.description!));
  return {
    status: result.status,
    errors,
    ...(skipReason !== undefined && { skipReason }),
    checkFailures: checkFailureNotes.length,
    checkFailureNotes,
    harnessErrors,
    documentFailures,
    inFlight,
  };
}

/** The browser suite's recorded documents ('browser evidence: …' attachments), read tolerantly. */
export function documentsOf(result: Pick<TestResult, 'attachments'>, scrub: (text: string) => string): DocumentSummary[] {
  return result.attachments.filter((a) => a.name.startsWith(DOCUMENT_PREFIX)).map((a) => readDocument(a, scrub)).filter((d): d is DocumentSummary => !!d);
}

export function toTestRecord(test: TestCase, result: TestResult, options: RecordOptions): TestRecord {
  // Evidence is masked when attached; messages are not (a property test prints its counterexample).
  const scrub = (text: string) => scrubSecrets(stripAnsi(text), options.secrets);
  const scrubMessage = (text: string) => maskPersonalFieldsInText(scrub(text));
  // The result's annotations include the test's own; older blob reports only carry the test's.
  const annotations = result.annotations?.length ? result.annotations : test.annotations;
  const documents = documentsOf(result, scrub);
  const final = finalResultOf(result, annotations, scrubMessage, documents.flatMap((d) => (d.failure ? [d.failure] : [])));
  const { outcome, reason } = classifyOutcome(final);
  const project = test.parent.project()?.name ?? '';
  const file = relative(options.rootDir, test.location.file);
  const evidence = result.attachments.filter((a) => a.name.startsWith(EVIDENCE_PREFIX)).map((a) => readEvidence(a, scrub)).filter((e): e is ExchangeSummary => !!e);
  const kept = keepEvidence(evidence, outcome === 'passed');
  const replayed = replayedExchange(evidence);
  return {
    id: test.id,
    title: test.title,
    titlePath: test.titlePath().filter(Boolean),
    project,
    file,
    line: test.location.line,
    tags: test.tags,
    requirementIds: requirementIdsOf(test.tags),
    outcome,
    checkFailures: final.checkFailureNotes,
    ruleVerdicts: parsed(annotations, RULE_VERDICT, (v) => (typeof v['id'] === 'string' && typeof v['verdict'] === 'string' ? ({ ...(v as unknown as RuleVerdictNote), ...(typeof v['reason'] === 'string' && { reason: scrubMessage(v['reason']) }) }) : undefined)),
    harnessErrors: final.harnessErrors ?? [],
    ...(reason !== undefined && { reason: scrubMessage(reason) }),
    durationMs: result.duration,
    retries: result.retry,
    flaky: test.outcome() === 'flaky',
    errors: final.errors,
    observations: parsed(annotations, 'observation', (v) => typeof v.id === 'string' ? { id: v.id, observed: scrubMessage(String(v.observed)) } : undefined),
    drift: parsed(annotations, 'drift', (v) => typeof v.path === 'string' ? { path: v.path, observed: scrubMessage(String(v.observed)) } : undefined),
    warnings: annotations.filter((a) => a.type === 'warning' && a.description).map((a) => scrubMessage(a.description!)),
    evidence: kept,
    evidenceCount: evidence.length,
    documents: documents.slice(0, MAX_EVIDENCE_PER_TEST),
    screenshots: result.attachments.filter((a) => a.contentType.startsWith('image/')).map((a) => copyAsset(a, options.reportsDir)).filter((p): p is string => !!p),
    reproduction: {
      command: testCommand(options.context, file, test.location.line, project),
      ...(replayed && { curl: curlCommand(options.context, replayed.exchange), replays: replayed.why }),
    },
  };
}

/**
 * The exchange a reproduction replays: the last one a check failed on (a property's reported,
 * smallest counterexample is attached last), else the last recorded one.
 */
export function replayedExchange(evidence: readonly ExchangeSummary[]): { exchange: ExchangeSummary; why: string } | undefined {
  const failing = evidence.filter((e) => e.failing);
  const last = failing.at(-1);
  if (last) return { exchange: last, why: `the exchange the check failed on ("${last.label}")` };
  const any = evidence.at(-1);
  return any && { exchange: any, why: `the last recorded exchange ("${any.label}"): no check failed on a single exchange` };
}

/** A passed check keeps a sample; a failed one its failing exchanges first (the last, reported one always), then the rest. */
function keepEvidence(evidence: ExchangeSummary[], passed: boolean): ExchangeSummary[] {
  if (passed) return evidence.slice(0, PASSED_EVIDENCE_PER_TEST);
  if (evidence.length <= MAX_EVIDENCE_PER_TEST) return evidence;
  const failures = evidence.filter((e) => e.failing);
  const others = evidence.filter((e) => !e.failing);
  return [...failures.slice(-MAX_EVIDENCE_PER_TEST), ...others].slice(0, MAX_EVIDENCE_PER_TEST);
}

type Attachment = TestResult['attachments'][number];

function readJson(attachment: Attachment, scrub: (s: string) => string): Record<string, any> | undefined {
  try {
    const raw = attachment.body ? attachment.body.toString('utf8') : attachment.path ? readFileSync(attachment.path, 'utf8') : undefined;
    if (raw === undefined) return undefined;
    const value = JSON.parse(scrub(raw));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Tolerant: a fallback attachment (the builder failed on a body) has no headers or request body. */
function readEvidence(attachment: Attachment, scrub: (s: string) => string): ExchangeSummary | undefined {
  const value = readJson(attachment, scrub);
  if (!value?.['request'] || !value['response']) return undefined;
  const request = value['request'];
  const response = value['response'];
  return {
    label: String(value['label'] ?? attachment.name.slice(EVIDENCE_PREFIX.length)),
    // Older evidence has no flag: its failures were named "failure: …".
    ...((value['failing'] === true || (value['failing'] === undefined && /^failure/i.test(String(value['label'] ?? '')))) && { failing: true }),
    request: {
      method: String(request.method ?? 'POST'),
      url: String(request.url ?? ''),
      headers: isRecord(request.headers) ? request.headers : {},
      body: capBody(request.body),
      ...(request.idempotencyKey !== undefined && { idempotencyKey: String(request.idempotencyKey) }),
      ...(typeof request.replayBody === 'string' && request.replayBody.length <= MAX_BODY_CHARS && { replayBody: request.replayBody }),
      ...(typeof request.replayBodyBase64 === 'string' && request.replayBodyBase64.length <= MAX_BODY_CHARS * 2 && { replayBodyBase64: request.replayBodyBase64 }),
      ...(isRecord(request.signing) && typeof request.signing['contentType'] === 'string' && { signing: request.signing as unknown as SigningRecord }),
    },
    response: { status: Number(response.status), headers: isRecord(response.headers) ? response.headers : {}, body: capBody(response.body), ...(typeof response.elapsedMs === 'number' && { elapsedMs: response.elapsedMs }) },
    ...(typeof value['note'] === 'string' && { note: value['note'] }),
  };
}

function capBody(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text === undefined || text.length <= MAX_BODY_CHARS) return body;
  return `${text.slice(0, 2000)}… (${text.length} characters in all; the start is shown)`;
}

function readDocument(attachment: Attachment, scrub: (s: string) => string): DocumentSummary | undefined {
  const value = readJson(attachment, scrub);
  if (!value) return undefined;
  return {
    label: String(value['label'] ?? attachment.name.slice(DOCUMENT_PREFIX.length)),
    verdict: String(value['verdict'] ?? ''),
    requestedUrl: String(value['requestedUrl'] ?? ''),
    status: typeof value['status'] === 'number' ? value['status'] : null,
    headers: isRecord(value['headers']) ? value['headers'] : {},
    failure: typeof value['failure'] === 'string' ? value['failure'] : null,
  };
}

function isRecord(value: unknown): value is Record<string, string> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function parsed<T>(annotations: ReadonlyArray<{ type: string; description?: string }>, type: string, map: (v: Record<string, unknown>) => T | undefined): T[] {
  const out: T[] = [];
  for (const a of annotations) {
    if (a.type !== type || !a.description) continue;
    try {
      const value = map(JSON.parse(a.description) as Record<string, unknown>);
      if (value !== undefined) out.push(value);
    } catch {
      // A hand-written annotation that is not JSON: ignored rather than failing the whole report.
    }
  }
  return out;
}

/**
 * Copies a screenshot next to the report (content-addressed) so the HTML links it relatively and it
 * survives test-results/ being cleaned or merge-reports' temporary files going away.
 */
function copyAsset(attachment: Attachment, reportsDir: string): string | undefined {
  const data = attachment.body ?? (attachment.path && existsSync(attachment.path) ? readFileSync(attachment.path) : undefined);
  if (!data) return undefined;
  const extension = attachment.path ? extname(attachment.path) : attachment.contentType === 'image/jpeg' ? '.jpeg' : '.png';
  const name = `${createHash('sha1').update(data).digest('hex').slice(0, 16)}${extension || '.png'}`;
  const dir = join(reportsDir, ASSETS_DIR);
  mkdirSync(dir, { recursive: true });
  const dest = join(dir, name);
  if (!existsSync(dest)) writeFileSync(dest, data);
  return `${ASSETS_DIR}/${name}`;
}
