// Reads a document's framing policy from its response headers (CSP frame-ancestors, which wins in
// browsers, else X-Frame-Options) so a refused frame can be attributed to the target's own policy
// rather than to the browser or the environment (e.g. Chromium's local-network-access check).

export type FramingMechanism = 'csp-frame-ancestors' | 'x-frame-options';

export interface FramingPolicy {
  /** The frame-ancestors source list, when a CSP sets one. */
  readonly frameAncestors?: readonly string[];
  /** The X-Frame-Options value, upper-cased. */
  readonly xFrameOptions?: string;
}

export function framingPolicyOf(headers: Readonly<Record<string, string>>): FramingPolicy {
  const csp = headers['content-security-policy'];
  const xfo = headers['x-frame-options']?.trim().toUpperCase();
  let frameAncestors: string[] | undefined;
  // Several CSP headers arrive joined by ',' or '\n' (Playwright joins repeats with '\n'); each is a
  // separate policy and all of them apply, so the first frame-ancestors found is enough to attribute.
  for (const policy of (csp ?? '').split(/[,\n]/)) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/\s+/);
      if (name?.toLowerCase() === 'frame-ancestors' && !frameAncestors) frameAncestors = sources;
    }
  }
  return { ...(frameAncestors && { frameAncestors }), ...(xfo && { xFrameOptions: xfo }) };
}

/**
 * Whether the policy lets `ancestorOrigin` frame a document served from `documentOrigin`; undefined
 * when no framing header is set (framing is then allowed by default). Covers the source forms a
 * plug-in would use: 'none', 'self', *, scheme-only, exact origins and *.wildcard hosts.
 */
export function policyAllows(policy: FramingPolicy, ancestorOrigin: string, documentOrigin: string): boolean | undefined {
  if (policy.frameAncestors) return policy.frameAncestors.some((source) => sourceMatches(source, ancestorOrigin, documentOrigin));
  if (policy.xFrameOptions) {
    if (policy.xFrameOptions === 'DENY') return false;
    if (policy.xFrameOptions === 'SAMEORIGIN') return ancestorOrigin === documentOrigin;
    return undefined;
  }
  return undefined;
}

/** The mechanism that refuses `ancestorOrigin`, if the headers refuse it. */
export function refusingMechanism(policy: FramingPolicy, ancestorOrigin: string, documentOrigin: string): FramingMechanism | undefined {
  if (policy.frameAncestors) return policyAllows(policy, ancestorOrigin, documentOrigin) ? undefined : 'csp-frame-ancestors';
  if (policy.xFrameOptions) return policyAllows(policy, ancestorOrigin, documentOrigin) === false ? 'x-frame-options' : undefined;
  return undefined;
}

export function describePolicy(policy: FramingPolicy): string {
  const parts: string[] = [];
  if (policy.frameAncestors) parts.push(`CSP frame-ancestors ${policy.frameAncestors.join(' ') || '(empty)'}`);
  if (policy.xFrameOptions) parts.push(`X-Frame-Options ${policy.xFrameOptions}`);
  return parts.length ? parts.join('; ') : 'no framing header';
}

/** Chromium's console wording for a frame refused by CSP or X-Frame-Options (corroboration only). */
export function isFramingRefusalMessage(text: string): boolean {
  return /frame-ancestors|X-Frame-Options|Refused to (frame|display)/i.test(text);
}

function sourceMatches(rawSource: string, ancestorOrigin: string, documentOrigin: string): boolean {
  const source = rawSource.replace(/\/$/, '');
  const lower = source.toLowerCase();
  if (lower === "'none'") return false;
  if (lower === "'self'") return ancestorOrigin === documentOrigin;
  const ancestor = new URL(ancestorOrigin);
  if (source === '*') return ancestor.protocol === 'http:' || ancestor.protocol === 'https:';
  if (/^[a-z][a-z0-9+.-]*:$/i.test(source)) return ancestor.protocol === lower || (lower === 'http:' && ancestor.protocol === 'https:');
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?/i.exec(source);
  if (!match) return false;
  const [, scheme, wildcard, host, port] = match;
  if (scheme && scheme.toLowerCase() + ':' !== ancestor.protocol && !(scheme.toLowerCase() === 'http' && ancestor.protocol === 'https:')) return false;
  const hostname = ancestor.hostname.toLowerCase();
  const hostOk = wildcard ? hostname.endsWith('.' + host!.toLowerCase()) : hostname === host!.toLowerCase();
  if (!hostOk) return false;
  if (port === '*') return true;
  const defaultPort = ancestor.protocol === 'https:' ? '443' : '80';
  return (port ?? defaultPort) === (ancestor.port || defaultPort);
}
