// The checks catalogue. ALWAYS_ON runs on every response of every test (the checked client does it).
import { driftWarnings, conformsToSchema, observeErrorHttpStatus, jsonContentType, noServerError, observeSuccessStatus, observeUnauthorizedBody } from './response.ts';
import { expiryIsIssuePlus30s } from './expiry.ts';
import { noSecretsIn401 } from './auth.ts';
import type { Check } from './types.ts';

export * from './types.ts';
export * from './response.ts';
export * from './expiry.ts';
export * from './clock.ts';
export * from './field-names.ts';
export * from './auth.ts';
export * from './expect.ts';
export * from './runner.ts';

/**
 * Every response: no 5xx, a JSON content type on documented answers, the schema for its body status,
 * a correct expiry on every session, nothing leaked in a 401; and, recorded without a verdict, which
 * HTTP status carries each answer, the form of a 401 body and drift.
 */
export const ALWAYS_ON: readonly Check[] = [
  noServerError,
  jsonContentType,
  conformsToSchema,
  observeErrorHttpStatus,
  observeSuccessStatus,
  observeUnauthorizedBody,
  driftWarnings,
  expiryIsIssuePlus30s,
  noSecretsIn401,
];
