// The registry of choices: every switch a personality may set, family by family. A new choice is
// one entry in its family's file (or a new family file listed here); the core does not change.
import { BODY_LIMIT_CHOICES } from './body-limit.ts';
import { CHECK_ORDER_CHOICES } from './check-order.ts';
import type { Choice } from './choice.ts';
import { CONTENT_TYPE_CHOICES } from './content-type.ts';
import { ENCODING_CHOICES } from './encoding.ts';
import { FIELD_VALUE_CHOICES } from './field-values.ts';
import { IDEMPOTENCY_CHOICES } from './idempotency.ts';
import { PLUGIN_CHOICES } from './plugin.ts';
import { RESPONSE_SHAPE_CHOICES } from './response-shape.ts';
import { STATUS_CODE_CHOICES } from './status-codes.ts';
import { TRANSPORT_CHOICES } from './transport.ts';
import { UNAUTHORIZED_CHOICES } from './unauthorized.ts';
import { WHITE_LIST_CHOICES } from './white-list.ts';

export const CHOICES = [
  ...STATUS_CODE_CHOICES,
  ...UNAUTHORIZED_CHOICES,
  ...CONTENT_TYPE_CHOICES,
  ...CHECK_ORDER_CHOICES,
  ...WHITE_LIST_CHOICES,
  ...FIELD_VALUE_CHOICES,
  ...ENCODING_CHOICES,
  ...TRANSPORT_CHOICES,
  ...RESPONSE_SHAPE_CHOICES,
  ...PLUGIN_CHOICES,
  ...BODY_LIMIT_CHOICES,
  ...IDEMPOTENCY_CHOICES,
] as const;

export type ChoiceName = (typeof CHOICES)[number]['name'];

export const CHOICE_BY_NAME: ReadonlyMap<string, Choice> = (() => {
  const map = new Map<string, Choice>();
  for (const c of CHOICES as readonly Choice[]) {
    if (map.has(c.name)) throw new Error(`duplicate choice ${c.name}`);
    map.set(c.name, c);
  }
  return map;
})();
