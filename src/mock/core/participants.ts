// Checks a participants list (from options or a --participants file) before the simulator trusts it.
import type { Participant } from '../../config/demo-participants.ts';

export function checkParticipants(value: unknown, source = 'participants'): Participant[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${source}: expected a non-empty JSON array of participants`);
  const seen = new Set<string>();
  return value.map((entry: unknown, i) => {
    const where = `${source}[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where}: expected an object`);
    const p = entry as Record<string, unknown>;
    for (const name of ['username', 'secret', 'participant_id'] as const) {
      if (typeof p[name] !== 'string' || p[name] === '') throw new Error(`${where}.${name}: expected a non-empty string`);
    }
    if (typeof p['paypal_enabled'] !== 'boolean') throw new Error(`${where}.paypal_enabled: expected true or false`);
    const hosts = p['host_uris'];
    if (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h) => typeof h !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^\s/;,'"]+$/i.test(h))) {
      throw new Error(`${where}.host_uris: expected a non-empty array of origins (scheme://host[:port], no path)`);
    }
    if (seen.has(p['username'] as string)) throw new Error(`${where}.username: ${String(p['username'])} appears twice`);
    seen.add(p['username'] as string);
    return Object.freeze({
      username: p['username'] as string,
      secret: p['secret'] as string,
      participant_id: p['participant_id'] as string,
      paypal_enabled: p['paypal_enabled'] as boolean,
      host_uris: Object.freeze([...(hosts as string[])]),
    });
  });
}
