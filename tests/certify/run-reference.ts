// Runs one reference client through a certification in-process (the simulator in certify mode behind
// the proxy, the client's page in the test's browser) and grades its card. The URL lifetime is
// shortened so that "opened after its lifetime" takes seconds; the real card keeps the documented 30 s.
import type { Browser } from '@playwright/test';
import { flawsOf, type MistakeName } from '../../clients/reference/flaws.ts';
import { runCheckout } from '../../clients/reference/flow.ts';
import { gradeCard, type ClientCard } from '../../src/certify/card.ts';
import type { Journal } from '../../src/certify/journal.ts';
import { startCertification } from '../../src/certify/session.ts';
import { contractWithUrlLifetime } from '../../src/certify/url-lifetime.ts';
import { DEMO_PARTICIPANTS, type Participant } from '../../src/config/demo-participants.ts';

/** Long enough for a loaded two-core machine to mount a URL in time, short enough for npm test. */
export const TEST_URL_LIFETIME_SECONDS = 8;

export interface ReferenceRun {
  readonly card: ClientCard;
  readonly journal: Journal;
  readonly outcome: string;
  readonly clientLog: readonly string[];
  readonly proxyLog: readonly string[];
}

export async function certifyReferenceClient(browser: Browser, mistake: MistakeName | 'correct', options: { participants?: readonly Participant[]; recordFile?: string } = {}): Promise<ReferenceRun> {
  flawsOf(mistake); // an unknown name fails here, not halfway through
  const participants = options.participants ?? DEMO_PARTICIPANTS;
  const client = participants[0]!;
  const contract = contractWithUrlLifetime(TEST_URL_LIFETIME_SECONDS);
  const proxyLog: string[] = [];
  const startedAt = Date.now();
  const certification = await startCertification({ target: { kind: 'simulator', participants }, contract, log: (l) => proxyLog.push(l), ...(options.recordFile && { recordFile: options.recordFile }) });
  const context = await browser.newContext();
  const clientLog: string[] = [];
  let outcome: string;
  try {
    await context.grantPermissions(['local-network-access']);
    outcome = await runCheckout({
      config: { baseUrl: certification.baseUrl, username: client.username, secret: client.secret, hostUri: client.host_uris[0]! },
      context,
      mistake,
      log: (line) => clientLog.push(line),
    });
  } finally {
    await context.close();
  }
  const journal = await certification.finish();
  const card = gradeCard(journal, {
    mode: 'simulator',
    upstream: certification.upstream,
    baseUrl: certification.baseUrl,
    participants: [client.username],
    urlLifetimeSeconds: TEST_URL_LIFETIME_SECONDS,
    urlLifetimeShortened: true,
    command: `reference client ${mistake} (in-process)`,
    commandExit: outcome === 'loaded' ? 0 : 1,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Date.now() - startedAt,
  });
  return { card, journal, outcome, clientLog, proxyLog };
}
