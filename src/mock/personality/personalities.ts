// Personalities: bundles of choice values, data only. Each is a server a real team could ship, and
// each keeps every documented rule, so the harness must pass against every one. A choice a
// personality does not name keeps its default (today's simulator).
import type { ChoiceName } from './choices.ts';

export interface Personality {
  readonly name: string;
  readonly description: string;
  readonly choices: Readonly<Partial<Record<ChoiceName, string>>>;
  /** What an integrator would tell the harness about such a server (environment variables). */
  readonly harnessEnv: Readonly<Record<string, string>>;
}

/** The expired page text of the classic markup, which legacy-200 answers with HTTP 200. */
export const CLASSIC_EXPIRED_TEXT = 'This link has expired';

export const PERSONALITIES: readonly Personality[] = [
  {
    name: 'default',
    description: "today's simulator",
    choices: {},
    harnessEnv: {},
  },
  {
    name: 'strict-gateway',
    description: 'a strict API gateway in front of a strict service',
    choices: {
      'http-status-13400': '422',
      'http-status-13723': '409',
      'http-status-created': '201',
      'unauthorized-body': 'empty',
      'wrong-content-type': '415',
      'check-order': 'content-type-first',
      'host-compare': 'exact',
      'empty-host-uri': 'refuse-13400',
      'email-format': 'strict',
      'invalid-utf8': 'refused',
      'null-optional': 'refuse',
      'whitespace-required': 'missing',
      'state-lower-case': 'refused',
      'state-dc-territories': 'refused',
      'short-phone-numbers': 'refused',
      'unknown-fields': 'refused',
      'keep-alive': 'off',
      'body-limit': '32KiB-reset',
      'error-keys': 'json-path',
      'data-13723': 'empty-object',
      'expiry-format': 'seconds',
      'session-id': 'upper-uuid',
      'empty-idempotency-key': 'refused',
      'concurrent-same-key': 'refuse-in-flight',
    },
    harnessEnv: {},
  },
  {
    name: 'lenient-dotnet',
    description: 'an ASP.NET service',
    choices: {
      'http-status-13400': '400',
      'http-status-13723': '400',
      'unauthorized-body': 'problem-json',
      'check-order': 'model-binding-first',
      'host-compare': 'origin',
      'email-format': 'dotnet',
      'invalid-utf8': 'replaced',
      'null-optional': 'absent',
      'whitespace-required': 'missing',
      'state-lower-case': 'accepted',
      'state-dc-territories': 'accepted',
      'short-phone-numbers': 'accepted',
      'unknown-fields': 'ignored',
      'error-keys': 'pascal',
      'expiry-format': 'dotnet-7-digits',
      'participant-id1': 'generated',
      'body-limit': '30MB-413',
    },
    harnessEnv: {},
  },
  {
    name: 'slow-cloud',
    description: 'a cloud deployment behind a load balancer and a CDN',
    choices: {
      latency: '150-400ms',
      'extra-response-fields': 'request-id-and-state',
      'date-header': 'not-on-api',
      'keep-alive': 'short',
      'plugin-origin': 'separate',
      'plugin-markup': 'card',
      'expired-url': '404',
      'error-keys': 'bare',
      'reported-errors': 'first',
      'time-field': 'zero',
      'developer-message': 'absent',
    },
    harnessEnv: {},
  },
  {
    name: 'legacy-200',
    description: 'an older service that answers errors with HTTP 200',
    choices: {
      'http-status-13400': '200',
      'http-status-13723': '200',
      'unauthorized-body': 'text-plain',
      'wrong-content-type': '400',
      'check-order': 'legacy',
      'email-format': 'unchecked',
      'invalid-utf8': 'replaced',
      'expired-url': '200-with-text',
      'session-id': 'opaque',
      'url-token': 'opaque',
      'length-unit': 'code-points',
      'json-charset': 'none',
    },
    harnessEnv: { INGO_PLUGIN_EXPIRED_TEXT: CLASSIC_EXPIRED_TEXT },
  },
];
