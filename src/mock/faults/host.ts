// Faults in host_uri white-listing: each lets through a host the document says must be refused, or
// refuses the documented default.
import { on } from '../core/seams.ts';
import { fault } from './fault.ts';

function withoutScheme(origin: string): string {
  return origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
}

export const HOST_FAULTS = [
  fault('host-prefix-match', 'host_uri passes when it starts with a white-listed origin (look-alike hosts, trailing paths)', ['SM-HOST-WHITELIST'], on('white-list', (s) => {
    s.leniencies.push((requested, allowed) => allowed.some((h) => requested.startsWith(h)));
  })),
  fault('host-any-scheme', 'host_uri is compared without its scheme (http:// passes for an https:// origin)', ['SM-HOST-WHITELIST'], on('white-list', (s) => {
    s.leniencies.push((requested, allowed) => allowed.some((h) => withoutScheme(h) === withoutScheme(requested)));
  })),
  fault('host-ignore-whitelist', 'any host_uri is accepted', ['SM-HOST-WHITELIST'], on('white-list', (s) => {
    s.leniencies.push(() => true);
  })),
  fault('host-other-participant', "another participant's white-listed origin is accepted", ['SM-HOST-WHITELIST'], on('white-list', (s) => void (s.candidates = 'all-participants'))),
  fault('reject-absent-host', 'a request without host_uri is refused instead of using the first white-listed host', ['SM-HOST-DEFAULT'], on('white-list', (s) => void (s.absentHost = 'refuse'))),
];
