// SM-AUTH-NO-LEAK: a 401 never carries a participant's secret ("The secret never travels",
// contract-notes.md) nor the signature the server expected for the request (with it anyone could sign
// without the secret). A stack trace in it is bad practice but no sentence forbids it: a warning.
import { createHmac } from 'node:crypto';
import { SESSION_PATH, type HmacScheme } from '../contract/index.ts';
import { bodyDigest, parseAuthorization, signingString, type Credentials } from '../client/signer.ts';
import type { SentRequest } from '../client/session-client.ts';
import { defineCheck } from './types.ts';

/** Patterns of stack traces and internals from common server stacks (.NET, Node, Java, Python, PHP). */
export const STACK_TRACE_PATTERNS: readonly RegExp[] = [
  /\bat [\w$.<>]+\s*\([^)]*:\d+:\d+\)/, // Node / JS
  /\bat [\w.<>`]+\(.*\) in .+:line \d+/, // .NET with pdb
  /\s+at System\.[\w.]+/, // .NET framework frames
  /\b\w+(?:\.\w+)*Exception\b[:\s]/, // .NET / Java exception type names
  /Traceback \(most recent call last\)/, // Python
  /\bat [\w$.]+\([\w]+\.java:\d+\)/, // Java
  /\bon line \d+\b.*\.php/i, // PHP
];

/**
 * Signatures the server would have computed for this request with the real secret: over the header
 * list as sent, and over the documented full list with the digest of the body as sent, in every
 * algorithm. The one the request carried is left out (it is not a secret to the sender).
 */
export function expectedSignatures(request: SentRequest, credentials: Credentials, scheme: HmacScheme): string[] {
  const auth = parseAuthorization(request.headers['Authorization'] ?? request.headers['authorization'] ?? '');
  const sent = auth?.params['signature'];
  const requestLine = `POST ${SESSION_PATH} HTTP/1.1`;
  const bodyBytes = Buffer.from(request.body, 'utf8');
  const corrected: Record<string, string> = {
    ...request.headers,
    [scheme.digestHeader]: bodyDigest(bodyBytes),
    'Content-Length': String(bodyBytes.byteLength),
  };
  const listed = auth?.params['headers']?.split(/\s+/).filter(Boolean) ?? [];
  const variants: Array<[readonly string[], Record<string, string>]> = [[scheme.signedHeaders, corrected]];
  if (listed.length > 0) variants.push([listed, { ...request.headers }]);
  const out = new Set<string>();
  for (const [names, headers] of variants) {
    let text: string;
    try {
      text = signingString(names, requestLine, headers);
    } catch {
      continue; // a listed header the request does not carry
    }
    for (const digest of Object.values(scheme.algorithms)) {
      out.add(createHmac(digest, credentials.secret).update(text, 'utf8').digest('base64'));
    }
  }
  if (sent) out.delete(sent);
  return [...out];
}

export const noSecretsIn401 = defineCheck('noSecretsIn401', ['SM-AUTH-NO-LEAK'], (exchange, context, emit) => {
  if (exchange.status !== 401) return;
  const text = `${exchange.rawBody}\n${Object.entries(exchange.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}`;
  for (const secret of context.secrets) {
    if (secret && text.includes(secret)) emit.fail('the 401 answer contains a participant secret');
  }
  if (context.credentials) {
    for (const signature of expectedSignatures(exchange.request, context.credentials, context.contract.hmac)) {
      if (text.includes(signature)) emit.fail('the 401 answer contains the signature the server expected');
    }
  }
  for (const pattern of STACK_TRACE_PATTERNS) {
    const match = pattern.exec(exchange.rawBody);
    if (match) emit.warn(`the 401 body looks like a stack trace or exception: ${JSON.stringify(match[0].slice(0, 80))}`);
  }
});
