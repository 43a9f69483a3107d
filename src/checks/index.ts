// The checks catalogue. ALWAYS_ON runs on every response of every test (the checked client does it).
import { driftWarnings, conformsToSchema, errorStatusIsClientError, jsonContentType, noServerError } from './response.ts';
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
 * Every response: no 5xx, JSON content type on JSON, the schema for its status, the error-status
 * observation, drift, a correct expiry on every session, and nothing leaked in a 401.
 */
export const ALWAYS_ON: readonly Check[] = [
  noServerError,
  jsonContentType,
  conformsToSchema,
  errorStatusIsClientError,
  driftWarnings,
  expiryIsIssuePlus30s,
  noSecretsIn401,
];
