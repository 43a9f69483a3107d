// String shaping shared by the valid, invalid and boundary generators. Every value stays inside the
// Basic Multilingual Plane: how a server counts astral characters towards a limit is not documented,
// and within the BMP a UTF-16 unit, a code point (ajv) and a .NET char are the same thing.

const ASTRAL = /[\uD800-\uDFFF]/;

export function isBmpOnly(value: string): boolean {
  return !ASTRAL.test(value);
}

/** Printable ASCII only: a length in characters, UTF-16 units and UTF-8 bytes is the same number. */
export function isAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/** Empty or whitespace only. */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}

/**
 * A server that trims would change the length of a boundary value or let an over-long one through,
 * so generated values never start or end with whitespace.
 */
export function isTrimmed(value: string): boolean {
  return value === value.trim();
}

/** Cuts a realistic value down to a limit without leaving whitespace at the end. */
export function fitWithin(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max).trimEnd();
  return cut === '' ? value.trim().slice(0, max) : cut;
}

/**
 * Exactly `length` characters made by repeating `seed` (joined by `separator`). The last character is
 * never whitespace, so a trimming server still sees the full length.
 */
export function repeatToLength(seed: string, length: number, separator = ' '): string {
  if (length <= 0) return '';
  const base = seed.trim() || 'x';
  let out = (base + separator).repeat(Math.ceil(length / (base.length + separator.length))).slice(0, length);
  if (/\s$/.test(out)) out = out.slice(0, -1) + firstNonSpace(base);
  return out;
}

function firstNonSpace(value: string): string {
  return /\S/.exec(value)?.[0] ?? 'x';
}

/**
 * An email address of exactly `length` characters that still looks like one: a local part of at most
 * 64 characters and DNS labels of at most 63 (RFC 5321), so a server that checks the shape of an email
 * (the document does not say it does) has no reason to refuse a boundary value for that.
 */
export function emailOfLength(email: string, length: number): string {
  const at = email.lastIndexOf('@');
  const local = cleanDots((at > 0 ? email.slice(0, at) : email).replace(/[^A-Za-z0-9._-]/g, '')) || 'user';
  const domain = at > 0 ? email.slice(at + 1) : 'example.com';
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '.com';
  const host = (dot > 0 ? domain.slice(0, dot) : domain).replace(/[^A-Za-z0-9]/g, '') || 'example';
  const available = length - 1 - tld.length; // local part + domain labels
  if (available < 2) return repeatToLength(local.replace(/\./g, ''), length, '');
  const localLength = Math.min(64, available - 1);
  const localPart = repeatToLength(local, localLength, '.').replace(/\.$/, 'x');
  return `${localPart}@${labelsOfLength(host, available - localLength)}${tld}`;
}

/** `length` characters of dot-separated DNS labels, none longer than 63. */
export function labelsOfLength(host: string, length: number): string {
  const count = Math.ceil((length + 1) / 64);
  const letters = length - (count - 1);
  const labels: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = Math.floor(letters / count) + (i < letters % count ? 1 : 0);
    labels.push(repeatToLength(host, size, ''));
  }
  return labels.join('.');
}

function cleanDots(value: string): string {
  return value.replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
}
