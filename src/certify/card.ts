// The client card: every item graded from what the run saw, the verdict, and the evidence a person
// needs (the exchanges, masked as the proxy recorded them; the page requests). reports/client-card.json
// is this object; the HTML, the JUnit file and the terminal checklist are rendered from it.
import { harnessVersion, gitCommit } from '../report/run-context.ts';
import { toRecord, type ExchangeRecord } from '../proxy/record.ts';
import { gradeChangedBody } from './grade/changed-body.ts';
import { gradeEmailPaypal } from './grade/email-paypal.ts';
import { gradeExpiredRecovered } from './grade/expired-recovered.ts';
import { gradeFramedOnHost } from './grade/framed-on-host.ts';
import { gradeHostUri } from './grade/host-uri.ts';
import { gradeKeySent } from './grade/key-sent.ts';
import { gradeRetry } from './grade/retry.ts';
import { gradeSigning } from './grade/signing.ts';
import { gradeUrlInTime } from './grade/url-in-time.ts';
import { gradeXDate } from './grade/x-date.ts';
import { ITEMS, type ItemDefinition, type ItemId } from './items.ts';
import { createCalls, pageOpens, type Journal } from './journal.ts';
import type { Grader, ItemVerdict } from './verdict.ts';

/** One grader per item, each a small function over the run (grade/*.ts). */
export const GRADERS: Readonly<Record<ItemId, Grader>> = {
  signing: gradeSigning,
  'x-date': gradeXDate,
  'key-sent': gradeKeySent,
  retry: gradeRetry,
  'changed-body': gradeChangedBody,
  'url-in-time': gradeUrlInTime,
  'framed-on-host': gradeFramedOnHost,
  'expired-recovered': gradeExpiredRecovered,
  'host-uri': gradeHostUri,
  'email-paypal': gradeEmailPaypal,
};

export type CardItem = ItemDefinition & ItemVerdict;

export type CardVerdictCode = 'clean' | 'not-clean' | 'incomplete' | 'infrastructure';

export interface RunDescription {
  readonly mode: 'simulator' | 'proxy';
  /** What the proxy forwarded to. */
  readonly upstream: string;
  /** What the client was pointed at. */
  readonly baseUrl: string;
  readonly participants: readonly string[];
  readonly urlLifetimeSeconds: number;
  /** A lifetime other than the document's 30 s (tests only). */
  readonly urlLifetimeShortened: boolean;
  readonly command?: string;
  readonly commandExit?: number | null;
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface ClientCard {
  readonly schemaVersion: 1;
  readonly title: string;
  readonly generatedAt: string;
  readonly harness: { readonly version: string; readonly commit: string | null };
  readonly run: RunDescription;
  readonly verdict: { readonly code: CardVerdictCode; readonly line: string };
  readonly items: readonly CardItem[];
  /** What the upstream's answers broke of the contract: the server's failures, not the client's. */
  readonly serverFindings: ReadonlyArray<{ readonly seq: number; readonly requirementIds: readonly string[]; readonly message: string }>;
  readonly exchanges: readonly ExchangeRecord[];
  readonly pages: Journal['pages'];
}

export const CARD_TITLE = 'IngoPay Session Management API — client report card';

export function gradeCard(journal: Journal, run: RunDescription): ClientCard {
  const calls = createCalls(journal);
  const context = { journal, calls, opens: pageOpens(journal) };
  const infrastructure = journal.exchanges.filter((e) => e.outcome.kind === 'upstream-error');
  const items: CardItem[] = ITEMS.map((definition) => {
    let verdict: ItemVerdict;
    try {
      verdict = GRADERS[definition.id](context);
    } catch (error) {
      verdict = { status: 'not-checked', summary: `the grader itself failed (a harness bug, not a verdict on your client): ${(error as Error).message}`, evidence: [] };
    }
    // Trouble reaching the upstream never hides a failure; it explains what could not be checked.
    if (verdict.status === 'not-checked' && infrastructure.length > 0) {
      verdict = { ...verdict, status: 'infrastructure-error', summary: `${verdict.summary} (${infrastructure.length} request${infrastructure.length === 1 ? '' : 's'} got no answer from the upstream: ${infrastructure[0]!.outcome.kind === 'upstream-error' ? infrastructure[0]!.outcome.message : ''})` };
    }
    return { ...definition, ...verdict };
  });
  const secrets = journal.participants.map((p) => p.secret);
  const exchanges = journal.exchanges.map((e) => toRecord(e, secrets)).sort((a, b) => a.seq - b.seq);
  const serverFindings = exchanges.flatMap((r) => r.responseFindings.filter((f) => f.kind === 'fail').map((f) => ({ seq: r.seq, requirementIds: f.kind === 'fail' ? f.requirementIds : [], message: f.kind === 'fail' ? f.message : '' })));
  return {
    schemaVersion: 1,
    title: CARD_TITLE,
    generatedAt: new Date().toISOString(),
    harness: { version: harnessVersion(), commit: gitCommit() },
    run,
    verdict: verdictOf(items, journal, run),
    items,
    serverFindings,
    exchanges,
    pages: journal.pages,
  };
}

function verdictOf(items: readonly CardItem[], journal: Journal, run: RunDescription): ClientCard['verdict'] {
  const count = (status: CardItem['status']) => items.filter((i) => i.status === status).length;
  const failedItems = items.filter((i) => i.status === 'failed');
  const lifetime = run.urlLifetimeShortened ? ` (URL lifetime shortened to ${run.urlLifetimeSeconds} s for a test run: not a certification)` : '';
  if (failedItems.length) {
    return { code: 'not-clean', line: `NOT CLEAN: ${failedItems.length} of ${items.length} items failed (${failedItems.map((i) => `${i.number} ${i.title}`).join('; ')})${lifetime}` };
  }
  if (count('infrastructure-error')) return { code: 'infrastructure', line: `INCONCLUSIVE: the upstream could not be reached for part of the run; ${count('infrastructure-error')} items could not be checked${lifetime}` };
  if (journal.exchanges.length === 0) return { code: 'incomplete', line: `INCOMPLETE: no request reached the proxy; point your backend's base URL at ${run.baseUrl}${lifetime}` };
  const open = count('not-checked');
  if (open) return { code: 'incomplete', line: `INCOMPLETE: nothing failed, but ${open} of ${items.length} items could not be checked (see why below)${lifetime}` };
  const na = count('not-applicable');
  return { code: 'clean', line: `CLEAN: your client passed all ${items.length - na} items${na ? ` (${na} not applicable)` : ''}${lifetime}` };
}
