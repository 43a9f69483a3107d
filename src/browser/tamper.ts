// Forged variants of an authorized_url, built on the raw URL text so that everything not being
// tampered with stays byte-for-byte as the server issued it (URLSearchParams would re-encode the
// token's %2f / %3d and change more than the test means to).

export type TamperKind = 'altered-h' | 'altered-t' | 'foreign-token' | 'no-query' | 'missing-h' | 'missing-t';

export const TAMPER_KINDS: readonly TamperKind[] = ['altered-h', 'altered-t', 'foreign-token', 'no-query', 'missing-h', 'missing-t'];

export const TAMPER_DESCRIPTIONS: Readonly<Record<TamperKind, string>> = {
  'altered-h': 'one character of the signature h changed',
  'altered-t': 't changed by one',
  'foreign-token': "another session's t and h on this session's id",
  'no-query': 'the URL without its query (no t, no h)',
  'missing-h': 'the URL without h',
  'missing-t': 'the URL without t',
};

interface SplitUrl {
  readonly base: string;
  readonly params: Array<[name: string, rawValue: string]>;
  readonly hash: string;
}

/** The tampered URL, or undefined when the URL has no such part to tamper with (e.g. no h). */
export function tamperedUrl(kind: TamperKind, url: string, otherSessionUrl?: string): string | undefined {
  const split = splitUrl(url);
  const has = (name: string) => split.params.some(([n]) => n === name);
  switch (kind) {
    case 'altered-h':
      return has('h') ? joinUrl(withParam(split, 'h', flipOneCharacter)) : undefined;
    case 'altered-t':
      return has('t') ? joinUrl(withParam(split, 't', changeToken)) : undefined;
    case 'foreign-token': {
      if (!otherSessionUrl) throw new Error('foreign-token needs a second session URL');
      const other = splitUrl(otherSessionUrl);
      if (other.base === split.base || other.params.length === 0) return undefined;
      return joinUrl({ ...split, params: other.params });
    }
    case 'no-query':
      return split.params.length ? joinUrl({ ...split, params: [] }) : undefined;
    case 'missing-h':
      return has('h') ? joinUrl({ ...split, params: split.params.filter(([n]) => n !== 'h') }) : undefined;
    case 'missing-t':
      return has('t') ? joinUrl({ ...split, params: split.params.filter(([n]) => n !== 't') }) : undefined;
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
