// Forged variants of an authorized_url, built on the raw URL text so that everything not being
// tampered with stays byte-for-byte as the server issued it (URLSearchParams would re-encode the
// token's %2f / %3d and change more than the test means to). The token's form is not documented: the
// document's example carries `?t=<ticks>&h=<signature>`, another server `?token=…`. So "h" means the
// signature, h when the URL has one, else its last query parameter; "t" means h's partner, t when the
// URL has one, else its first query parameter (the same one when there is only one).

export type TamperKind = 'altered-h' | 'altered-t' | 'foreign-token' | 'no-query' | 'missing-h' | 'missing-t';

export const TAMPER_KINDS: readonly TamperKind[] = ['altered-h', 'altered-t', 'foreign-token', 'no-query', 'missing-h', 'missing-t'];

export const TAMPER_DESCRIPTIONS: Readonly<Record<TamperKind, string>> = {
  'altered-h': 'one character of the signature changed (h, else the last query parameter)',
  'altered-t': 'the ticket changed by one (t, else the first query parameter)',
  'foreign-token': "another session's token (its whole query) on this session's URL",
  'no-query': 'the URL without its query (no token at all)',
  'missing-h': 'the URL without its signature (h, else the last query parameter)',
  'missing-t': 'the URL without its ticket (t, else the first query parameter)',
};

interface SplitUrl {
  readonly base: string;
  readonly params: Array<[name: string, rawValue: string]>;
  readonly hash: string;
}

/** The tampered URL, or undefined when the URL has no such part to tamper with (e.g. no query). */
export function tamperedUrl(kind: TamperKind, url: string, otherSessionUrl?: string): string | undefined {
  const split = splitUrl(url);
  const names = split.params.map(([n]) => n);
  // The document's names when present, else the query's ends (see the header comment).
  const signature = names.includes('h') ? 'h' : names.includes('t') ? undefined : names[names.length - 1];
  const ticket = names.includes('t') ? 't' : names.includes('h') ? undefined : names[0];
  switch (kind) {
    case 'altered-h':
      return signature !== undefined ? joinUrl(withParam(split, signature, flipOneCharacter)) : undefined;
    case 'altered-t':
      return ticket !== undefined ? joinUrl(withParam(split, ticket, changeToken)) : undefined;
    case 'foreign-token': {
      if (!otherSessionUrl) throw new Error('foreign-token needs a second session URL');
      const other = splitUrl(otherSessionUrl);
      if (other.base === split.base || other.params.length === 0) return undefined;
      return joinUrl({ ...split, params: other.params });
    }
    case 'no-query':
      return split.params.length ? joinUrl({ ...split, params: [] }) : undefined;
    case 'missing-h':
      return signature !== undefined ? joinUrl({ ...split, params: split.params.filter(([n]) => n !== signature) }) : undefined;
    case 'missing-t':
      return ticket !== undefined ? joinUrl({ ...split, params: split.params.filter(([n]) => n !== ticket) }) : undefined;
  }
}

/**
 * Changes one letter or digit near the middle of a raw (still percent-encoded) value to another of
 * the same class, skipping %XX escapes: the forgery keeps its length and alphabet, so a server can
 * only refuse it by checking the signature, not by a format check.
 */
export function flipOneCharacter(raw: string): string {
  const candidates: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '%' && /^[0-9a-f]{2}$/i.test(raw.slice(i + 1, i + 3))) {
      i += 2;
      continue;
    }
    if (/[0-9A-Za-z]/.test(raw[i]!)) candidates.push(i);
  }
  const at = candidates[Math.floor(candidates.length / 2)];
  if (at === undefined) return raw + 'A';
  return raw.slice(0, at) + nextOfSameClass(raw[at]!) + raw.slice(at + 1);
}

function nextOfSameClass(c: string): string {
  if (c === '9') return '0';
  if (c === 'z') return 'a';
  if (c === 'Z') return 'A';
  return String.fromCharCode(c.charCodeAt(0) + 1);
}

/** A numeric token (ticks, a timestamp) moves by one; anything else has one character flipped. */
export function changeToken(value: string): string {
  return /^\d+$/.test(value) ? (BigInt(value) + 1n).toString() : flipOneCharacter(value);
}

function splitUrl(url: string): SplitUrl {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = withoutHash.indexOf('?');
  if (queryAt < 0) return { base: withoutHash, params: [], hash };
  const query = withoutHash.slice(queryAt + 1);
  const params = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  return { base: withoutHash.slice(0, queryAt), params, hash };
}

function joinUrl(split: SplitUrl): string {
  const query = split.params.map(([n, v]) => `${n}=${v}`).join('&');
  return `${split.base}${query ? `?${query}` : ''}${split.hash}`;
}

function withParam(split: SplitUrl, name: string, change: (raw: string) => string): SplitUrl {
  return { ...split, params: split.params.map(([n, v]): [string, string] => (n === name ? [n, change(v)] : [n, v])) };
}
