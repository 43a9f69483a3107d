// Masks what must never reach an artifact: the HMAC secret (anywhere in any text) and recipient data
// (names, addresses, emails, phones) in request and response evidence. Masks keep the length, because
// a boundary check's evidence is the length.

/** The recipient_information fields whose values are personal data. */
export const PERSONAL_FIELDS = [
  'first_name',
  'last_name',
  'address_line1',
  'address_line2',
  'city',
  'zip_code',
  'email_address',
  'phone_number',
  'mobile_number',
] as const;

/** "José" → "J***[4]"; non-strings are shown by type only. */
export function maskValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const length = codePointCount(value);
    return length === 0 ? '' : `${String.fromCodePoint(value.codePointAt(0)!)}***[${length}]`;
  }
  if (value === null || value === undefined) return value;
  return `[${Array.isArray(value) ? 'array' : typeof value}]`;
}

/**
 * The length in code points, as [...value].length counts it (a lone surrogate counts one), without
 * building that array: robustness checks mask 32 MiB values.
 */
function codePointCount(value: string): number {
  if (!/[\uD800-\uDFFF]/.test(value)) return value.length;
  let pairs = 0;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return value.length - pairs;
}

/** A copy of a create-session body with recipient values masked (any shape: broken bodies too). */
export function maskRequestBody(body: unknown): unknown {
  return mapPersonalValues(body, maskValue);
}

/** Applies `mask` to every personal value of recipient_information (or to it whole, when it is a string). */
function mapPersonalValues(body: unknown, mask: (value: unknown) => unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const recipient = copy['recipient_information'];
  if (recipient && typeof recipient === 'object' && !Array.isArray(recipient)) {
    const masked: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(recipient as Record<string, unknown>)) {
      masked[key] = isPersonalField(key) ? mask(value) : value;
    }
    copy['recipient_information'] = masked;
  } else if (typeof recipient === 'string') {
    copy['recipient_information'] = mask(recipient);
  }
  return copy;
}

function isPersonalField(key: string): boolean {
  return (PERSONAL_FIELDS as readonly string[]).includes(key) || key.endsWith('_name');
}

/**
 * Replaces each secret, and each personal value, wherever it appears in a text (raw bodies, error
 * messages, HTML). Values shorter than 4 characters are left alone: masking "GA" everywhere would
 * destroy the evidence and protects nobody.
 */
export function scrubText(text: string, secrets: readonly string[], personalValues: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted-secret]');
  for (const value of personalValues) {
    // A value longer than the text cannot appear in it (robustness checks send 32 MiB names).
    if (value.length < 4 || value.length > out.length) continue;
    const escapedJson = JSON.stringify(value).slice(1, -1);
    out = out.split(value).join(String(maskValue(value)));
    if (escapedJson !== value) out = out.split(escapedJson).join(String(maskValue(value)));
  }
  return out;
}

/** Every personal string value in a body, for scrubbing raw texts that echo them. */
export function personalValuesOf(body: unknown): string[] {
  const recipient = (body as { recipient_information?: unknown } | null)?.recipient_information;
  if (!recipient || typeof recipient !== 'object') return [];
  return Object.entries(recipient as Record<string, unknown>)
    .filter(([key, value]) => typeof value === 'string' && isPersonalField(key))
    .map(([, value]) => value as string);
}

/**
 * A same-shape placeholder for a personal value: letters become x/X, digits 9, everything else stays.
 * Unlike maskValue it keeps the length and the character classes, so a replayed request still hits
 * the same rule (a 151-letter name, a zip "99999-9999", a phone with a dash).
 */
export function shapeMask(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.replace(/[\p{L}\p{N}]/gu, (c) => (/\p{N}/u.test(c) ? '9' : /\p{Lu}/u.test(c) ? 'X' : 'x'));
}

/** A copy of a create-session body with recipient values replaced by same-shape placeholders. */
export function shapeMaskRequestBody(body: unknown): unknown {
  return mapPersonalValues(body, shapeMask);
}

const ALREADY_MASKED = /^.?\*\*\*\[\d+\]$/u;
const PERSONAL_KEY = `(?:${PERSONAL_FIELDS.join('|')}|[a-z_]*_name)`;
// "first_name":"Ana", first_name: 'Ana', \"first_name\":\"Ana\" (a body quoted inside a JSON string).
const PERSONAL_IN_TEXT = new RegExp(`((\\\\?["'])?\\b${PERSONAL_KEY}\\2\\s*:\\s*)(\\\\?["'])((?:(?!\\3)[^\\n])*?)\\3`, 'g');

/**
 * Masks personal values wherever a text quotes a body by field name: an error message with a property
 * test's counterexample, a diff printed by expect. The values are unknown beforehand, so the field
 * names find them.
 */
export function maskPersonalFieldsInText(text: string): string {
  return text.replace(PERSONAL_IN_TEXT, (all, prefix: string, _keyQuote: string, quote: string, value: string) =>
    // Already masked (a check quoting its masked evidence): masking again would change the length shown.
    ALREADY_MASKED.test(value) ? all : `${prefix}${quote}${maskValue(value)}${quote}`,
  );
}

const BODY_KEY = `(?:${PERSONAL_FIELDS.join('|')}|[a-z_]*_name|recipient_information)`;
// "key": "value" or 'key': 'value' in a body's own text (valid JSON or not). The value runs to its
// closing quote, or to the end of a truncated body.
const PERSONAL_IN_BODY = new RegExp(`(["'])(${BODY_KEY})\\1(\\s*:\\s*)(["'])((?:\\\\[\\s\\S]|(?!\\4)[^\\\\])*)(\\4|$)`, 'g');

/**
 * Masks the personal values of a request body where they stand in its text, leaving every other byte
 * as it was sent: the formatting, the other fields, a body that is no JSON at all (truncated, single
 * quotes, garbage after it). A replay of the masked text is the same request but for those values.
 */
export function maskPersonalValuesInBodyText(text: string, mask: (value: string) => string, options: { decodeEscapes?: boolean } = {}): string {
  return text.replace(PERSONAL_IN_BODY, (_all, keyQuote: string, key: string, colon: string, quote: string, raw: string, close: string) => {
    let masked: string;
    if (quote === '"' && options.decodeEscapes !== false) {
      try {
        masked = JSON.stringify(mask(JSON.parse(`"${raw}"`) as string)).slice(1, -1);
      } catch {
        masked = maskRawCharacters(raw, mask);
      }
    } else {
      masked = maskRawCharacters(raw, mask);
    }
    return `${keyQuote}${key}${keyQuote}${colon}${quote}${masked}${close}`;
  });
}

/** The personal values a body's text holds (by field name), for scrubbing texts that echo them. */
export function personalValuesInBodyText(text: string): string[] {
  const values: string[] = [];
  for (const m of text.matchAll(PERSONAL_IN_BODY)) if (m[5]) values.push(m[5]);
  return values;
}

/** Masks a value that cannot be decoded (a broken escape): character by character, escapes kept. */
function maskRawCharacters(raw: string, mask: (value: string) => string): string {
  return raw.replace(/(\\[\s\S])|([^\\]+)/g, (_m, escape: string | undefined, plain: string | undefined) => escape ?? mask(plain!));
}

/** shapeMask for text: letters → x/X, digits → 9, the rest kept. */
export function shapeMaskText(value: string): string {
  return shapeMask(value) as string;
}

/**
 * The same-shape placeholders for a body whose bytes are not valid UTF-8 (the broken bytes are what
 * the request is about): ASCII letters and digits of personal values are replaced, every other byte
 * is kept as it was, so the replay sends the same broken sequence.
 */
export function shapeMaskBodyBytes(bytes: Buffer): Buffer {
  const asciiShape = (value: string) => value.replace(/[A-Za-z0-9]/g, (c) => (/\d/.test(c) ? '9' : /[A-Z]/.test(c) ? 'X' : 'x'));
  return Buffer.from(maskPersonalValuesInBodyText(bytes.toString('latin1'), asciiShape, { decodeEscapes: false }), 'latin1');
}
