// Whether a framed plug-in rendered or was refused, and by what. A frame counts as refused by the
// target only when the refusal is attributable to it: a framing header that excludes the ancestor,
// Chromium's console notice of one, or an HTTP 4xx. A frame the browser blocked for its own reasons
// (local-network-access) is an environment problem, never a pass.
import { describePolicy, framingPolicyOf, isFramingRefusalMessage, refusingMechanism, type FramingMechanism } from './framing-policy.ts';
import { BROWSER_ERROR_PAGE, classifyDocument, describeVerdict, type DocumentObservation } from './page-verdict.ts';

export type FramingVerdict =
  | { readonly kind: 'rendered'; readonly status: number; readonly policy: string }
  | { readonly kind: 'refused'; readonly by: FramingMechanism | 'http-status' | 'expired-marker'; readonly policy: string; readonly detail: string }
  | { readonly kind: 'browser-blocked'; readonly policy: string; readonly detail: string }
  | { readonly kind: 'error'; readonly policy: string; readonly detail: string };

export interface FramedDocument extends DocumentObservation {
  readonly consoleMessages: readonly string[];
}

export function classifyFraming(o: FramedDocument, ancestorOrigin: string): FramingVerdict {
  const policy = framingPolicyOf(o.headers);
  const policyText = describePolicy(policy);
  const documentOrigin = new URL(o.requestedUrl).origin;
  const notice = o.consoleMessages.find(isFramingRefusalMessage);
  if (o.failure && /LOCAL_NETWORK_ACCESS|PRIVATE_NETWORK/i.test(o.failure)) {
    return { kind: 'browser-blocked', policy: policyText, detail: `${o.failure}: the browser context lacks the local-network-access permission` };
  }
  const notRendered = o.failure !== undefined || o.committedUrl.startsWith(BROWSER_ERROR_PAGE);
  if (notRendered) {
    const mechanism = refusingMechanism(policy, ancestorOrigin, documentOrigin) ?? mechanismOfNotice(notice);
    const detail = [o.failure, notice && `console: ${notice.trim().slice(0, 300)}`].filter(Boolean).join('; ') || 'the browser showed its error page';
    if (mechanism) return { kind: 'refused', by: mechanism, policy: policyText, detail };
    return { kind: 'error', policy: policyText, detail: `the frame did not render and no framing policy explains it (${detail})` };
  }
  const verdict = classifyDocument(o);
  if (verdict.kind === 'loaded') return { kind: 'rendered', status: verdict.status, policy: policyText };
  if (verdict.kind === 'refused') return { kind: 'refused', by: verdict.by, policy: policyText, detail: describeVerdict(verdict) };
  return { kind: 'error', policy: policyText, detail: describeVerdict(verdict) };
}

export function describeFraming(verdict: FramingVerdict): string {
  switch (verdict.kind) {
    case 'rendered':
      return `rendered in the frame (HTTP ${verdict.status}; ${verdict.policy})`;
    case 'refused':
      return `refused by ${verdict.by} (${verdict.policy}; ${verdict.detail})`;
    case 'browser-blocked':
      return `blocked by the browser, not the target (${verdict.detail})`;
    case 'error':
      return `error: ${verdict.detail} (${verdict.policy})`;
  }
}

function mechanismOfNotice(notice: string | undefined): FramingMechanism | undefined {
  if (!notice) return undefined;
  if (/frame-ancestors/i.test(notice)) return 'csp-frame-ancestors';
  if (/X-Frame-Options/i.test(notice)) return 'x-frame-options';
  return undefined;
}
