// Item 7: the plug-in is opened in an iframe of the session's white-listed host. Each page request's
// Sec-Fetch-Dest says how it was opened (iframe, top-level document, or no browser at all); who framed
// it comes from the page's beacon (location.ancestorOrigins), from the browser's report of a
// frame-ancestors violation (a frame on another host), or from the Referer when a browser sends one.
import type { PageEvent } from '../../mock/index.ts';
import { creationOf, type PageOpen } from '../journal.ts';
import { failed, notChecked, passed, plural, short, type Evidence, type Grader } from '../verdict.ts';

type Framing = { kind: 'on-host' | 'other-host' | 'top-level' | 'not-a-browser' | 'unknown'; text: string };

export const gradeFramedOnHost: Grader = ({ journal, opens, calls }) => {
  if (!journal.capabilities.pages) return notChecked(`the plug-in page is served by ${journal.upstream} directly and the proxy does not see it; certify against the simulator to check this`);
  const ours = opens.filter((o) => o.method === 'GET' && calls.some((c) => c.sessionId === o.sessionId));
  if (ours.length === 0) return notChecked('no authorized_url of this run was opened');
  const judged = ours.map((open) => {
    const host = open.hostUri ?? hostOf(creationOf(open.sessionId, calls)?.json, journal.participants.find((p) => p.username === creationOf(open.sessionId, calls)?.username)?.host_uris[0]);
    return { open, framing: framingOf(open, journal.pages, host) };
  });
  const evidence: Evidence[] = judged.map(({ open, framing }) => ({ text: `session ${short(open.sessionId)}: ${framing.text}` }));
  const bad = judged.filter(({ framing }) => framing.kind === 'other-host' || framing.kind === 'top-level' || framing.kind === 'not-a-browser');
  if (bad.length) {
    return failed(
      `${bad.length} of ${plural(judged.length, 'open')}: ${bad[0]!.framing.text}`,
      'mount the authorized_url only in an <iframe> of the page served from the session\'s host_uri (a white-listed origin); never open it top-level, on another host, or from your server',
      evidence,
    );
  }
  const onHost = judged.filter(({ framing }) => framing.kind === 'on-host');
  if (onHost.length === 0) return notChecked(`${plural(judged.length, 'open')}, but who framed them could not be told (no beacon, no report, no Referer)`, evidence);
  return passed(`${plural(onHost.length, 'open')} in an iframe of the white-listed host${onHost.length < judged.length ? ` (${judged.length - onHost.length} could not be told)` : ''}`, evidence);
};

function framingOf(open: PageOpen, events: readonly PageEvent[], host: string | undefined): Framing {
  const dest = open.dest;
  if (dest === undefined) return { kind: 'not-a-browser', text: 'requested without Sec-Fetch-Dest: fetched by a server or a script, not mounted by a browser' };
  if (dest === 'document') return { kind: 'top-level', text: 'opened as a top-level page, not in an iframe' };
  if (dest !== 'iframe' && dest !== 'frame') return { kind: 'other-host', text: `loaded as ${dest}, not in an iframe` };
  const reports = reportsFor(open, events);
  const beacon = reports.find((e): e is Extract<PageEvent, { kind: 'framed-by' }> => e.kind === 'framed-by');
  if (beacon && beacon.ancestors.length > 0) {
    const stranger = beacon.ancestors.find((a) => a !== host);
    if (stranger === undefined) return { kind: 'on-host', text: `framed by ${beacon.ancestors[0]}, its white-listed host_uri` };
    return { kind: 'other-host', text: `framed by ${stranger}, not by its host_uri ${host ?? '(unknown)'}` };
  }
  if (reports.some((e) => e.kind === 'frame-refused')) {
    const by = refererOrigin(open.referer);
    return { kind: 'other-host', text: `framed on ${by ?? 'a host'} that is not its host_uri ${host ?? ''}: the browser refused to show it (CSP frame-ancestors)`.replace(/\s+:/, ':') };
  }
  const by = refererOrigin(open.referer);
  if (by !== undefined) return by === host ? { kind: 'on-host', text: `framed by ${by} (Referer), its white-listed host_uri` } : { kind: 'other-host', text: `framed by ${by} (Referer), not by its host_uri ${host ?? '(unknown)'}` };
  return { kind: 'unknown', text: 'in an iframe, but nothing told who framed it' };
}

/** The beacon and violation reports that follow this open of this URL, before it is opened again. */
function reportsFor(open: PageOpen, events: readonly PageEvent[]): PageEvent[] {
  const start = events.indexOf(open);
  const out: PageEvent[] = [];
  for (const e of events.slice(start + 1)) {
    if (e.sessionId !== open.sessionId || e.t !== open.t) continue;
    if (e.kind === 'open') break;
    out.push(e);
  }
  return out;
}

function refererOrigin(referer: string | undefined): string | undefined {
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(json: unknown, fallback: string | undefined): string | undefined {
  const value = (json as { host_uri?: unknown } | undefined)?.host_uri;
  return typeof value === 'string' && value !== '' ? value : fallback;
}
