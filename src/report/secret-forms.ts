// A secret can leak in more shapes than its raw text: base64 (inside a header, a data: URL or a
// zipped trace), URL-encoded, JSON-escaped, hex. Scrubbing and scanning both work from these forms.
import { loadConfig } from '../config/index.ts';

/** The secret's recognisable encodings, longest first; base64 at all three alignments. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret, 'utf8').toString('hex')]);
  for (const form of base64Forms(secret)) forms.add(form);
  return [...forms].filter((f) => f.length >= 6).sort((a, b) => b.length - a.length);
}

/**
 * Base64 of the secret wherever it sits in a longer base64 stream: the secret may start at any of
 * three byte offsets, and the first and last characters of each encoding mix with neighbouring bytes,
 * so only the stable middle is a reliable needle.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64');
    // Character i carries bits [6i, 6i+6); keep those that lie wholly inside the secret's bytes.
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const middle = encoded.slice(start, Math.max(start, end));
    if (middle.length >= 8) out.push(middle);
  }
  out.push(bytes.toString('base64').replace(/=+$/, ''));
  return out;
}

/** Each secret's forms, worked out once: a reporter scrubs every attachment and message of a run. */
const formsOf = new Map<string, readonly string[]>();

/** Replaces every form of every secret with a marker. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    let forms = formsOf.get(secret);
    if (!forms) formsOf.set(secret, (forms = secretForms(secret)));
    for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted-secret]');
  }
  return out;
}

/**
 * The secrets this process knows: the configured participants', any INGO_*SECRET* variable (a reporter
 * must scrub even when the configuration is invalid), and other *SECRET* / *PASSWORD* / *TOKEN*
 * variables long enough to be real credentials (a CI token), not a flag like "enabled".
 */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (/^INGO_.*SECRET/i.test(name) && value.length >= 6) found.add(value);
    else if (/SECRET|PASSWORD|TOKEN/i.test(name) && value.length >= 16) found.add(value);
  }
  try {
    const config = loadConfig(env);
    found.add(config.primary.secret);
    if (config.secondary) found.add(config.secondary.secret);
  } catch {
    // An invalid configuration still leaves the environment's secrets above.
  }
  return [...found].filter(Boolean);
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
