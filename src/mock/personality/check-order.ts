// The order in which the checks run, and so which refusal a request breaking two rules gets (the
// document is silent). A value is a named order, or any workable list of the check stages.
import { checkOrder } from '../core/order.ts';
import { on } from '../core/seams.ts';
import { CHECK_STAGES, type CheckStageName } from '../core/stage-names.ts';
import { choice, value, type ChoiceValue } from './choice.ts';

function order(name: string, description: string, stages: readonly CheckStageName[]): ChoiceValue {
  const checked = checkOrder(stages);
  return value(name, `${description}: ${checked.join(' → ')}`, on('pipeline', (s) => void (s.order = [...checked])));
}

const [authenticate, contentType, parseJson, validateFields, whiteList, idempotency] = CHECK_STAGES;

export const CHECK_ORDER_CHOICES = [
  choice(
    'check-order',
    'the order of the checks after the size limit (or a comma-separated list of the check stages)',
    [
      value('signature-first', `today's: ${CHECK_STAGES.join(' → ')}`),
      order('content-type-first', 'a gateway checks the media type before the signature', [contentType, authenticate, parseJson, validateFields, whiteList, idempotency]),
      order('model-binding-first', 'the body is bound (content type, JSON) before the signature is checked', [contentType, parseJson, authenticate, validateFields, whiteList, idempotency]),
      order('white-list-first', 'host_uri is white-listed before the fields are validated', [authenticate, contentType, parseJson, whiteList, validateFields, idempotency]),
      order('idempotency-first', 'the key is looked up before the fields (a changed, invalid body under a used key gets 13723)', [authenticate, contentType, parseJson, idempotency, validateFields, whiteList]),
      order('legacy', 'white-list, then the key lookup, then the fields', [authenticate, contentType, parseJson, whiteList, idempotency, validateFields]),
    ],
    (text) => {
      const stages = text.split(',').map((s) => s.trim());
      if (stages.length < 2) return 'a named order or a comma-separated list of the check stages';
      try {
        return order(text, 'an explicit order', checkOrder(stages));
      } catch (error) {
        return (error as Error).message;
      }
    },
  ),
];
