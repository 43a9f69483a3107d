// An item's verdict: passed, failed, not checked or not applicable (the report's own words, from
// src/report/statuses.ts), always with a one-line summary and the evidence it rests on. "Evidence or
// no verdict": a grader that saw nothing that could have failed says not checked, and why.
import type { RequirementStatus } from '../report/model.ts';
import type { CreateCall, Journal, PageOpen } from './journal.ts';

export type ItemStatus = Extract<RequirementStatus, 'passed' | 'failed' | 'not-checked' | 'not-applicable' | 'infrastructure-error'>;

export interface Evidence {
  readonly text: string;
  /** The exchanges it rests on (the card's exchange records, by seq). */
  readonly seqs?: readonly number[];
  /** Further lines: signing strings, a field list. */
  readonly detail?: readonly string[];
}

export interface ItemVerdict {
  readonly status: ItemStatus;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  /** What to change in the client (failed items). */
  readonly fix?: string;
}

export interface GradeContext {
  readonly journal: Journal;
  readonly calls: readonly CreateCall[];
  readonly opens: readonly PageOpen[];
}

export type Grader = (ctx: GradeContext) => ItemVerdict;

export const passed = (summary: string, evidence: readonly Evidence[] = []): ItemVerdict => ({ status: 'passed', summary, evidence });
export const failed = (summary: string, fix: string, evidence: readonly Evidence[] = []): ItemVerdict => ({ status: 'failed', summary, evidence, fix });
export const notChecked = (summary: string, evidence: readonly Evidence[] = []): ItemVerdict => ({ status: 'not-checked', summary, evidence });
export const notApplicable = (summary: string): ItemVerdict => ({ status: 'not-applicable', summary, evidence: [] });

/** "#4 → HTTP 200, 101 (session 7830227a…)", "#2 → connection cut after 100 (session …)", "#5 → 502 (infrastructure)". */
export function describeCall(call: CreateCall): string {
  if (call.outcome === 'upstream-error') return `#${call.seq} → no answer from the upstream (infrastructure)`;
  const status = call.apiStatus !== undefined ? `, ${call.apiStatus}` : '';
  const session = call.sessionId ? ` (session ${short(call.sessionId)})` : '';
  if (call.outcome === 'dropped') return `#${call.seq} → the upstream answered HTTP ${call.httpStatus}${status}${session}; the proxy cut the connection on purpose`;
  return `#${call.seq} → HTTP ${call.httpStatus}${status}${session}`;
}

export function keyText(key: string | undefined): string {
  return key === undefined ? 'no Idempotency-Key' : `Idempotency-Key ${JSON.stringify(short(key, 40))}`;
}

export function short(text: string, max = 12): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "the only request" / "all 3 requests", for a sentence that says each of them did something. */
export function everyOne(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? `the only ${one}` : `all ${n} ${many}`;
}
