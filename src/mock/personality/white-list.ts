// host_uri white-listing where the document is silent: how hosts are compared, and an empty string.
// Look-alike hosts, other schemes and other ports are refused under every value (documented).
import { on } from '../core/seams.ts';
import { fieldsWhere } from '../stages/validate-fields.ts';
import { choice, value } from './choice.ts';

export const WHITE_LIST_CHOICES = [
  choice('host-compare', 'how host_uri is compared with the white-listed origins', [
    value('exact', 'as exact strings'),
    value(
      'origin',
      'by origin: URL-parsed scheme, host and port; path, query, fragment, trailing slash and host case ignored',
      on('white-list', (s) => void (s.compare = 'origin')),
    ),
  ]),
  choice('empty-host-uri', 'an empty-string host_uri', [
    value('absent', 'treated as absent: the default host'),
    value(
      'refuse-13400',
      'refused with 13400 naming host_uri',
      on('validate-fields', (s) => fieldsWhere(s, (rule) => rule.whiteListed !== undefined).forEach((field) => void (field.emptyIsInvalid = true))),
    ),
    value('refuse-401', 'refused as Unauthorized', on('white-list', (s) => void (s.emptyHost = 'unauthorized'))),
  ]),
];
