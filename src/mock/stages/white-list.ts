// Stage "white-list": host_uri must be one of the participant's white-listed origins (document:
// "Must be explicitly white-listed ... will receive Unauthorized"); absent, the first configured host
// is used. A personality compares exact strings or origins (URL-parsed scheme, host and port); either
// way look-alike hosts, other schemes and other ports are refused. Only string values are judged
// here: a value of the wrong type is the field stage's 13400, whichever stage runs first.
import { isJsonObject, valueAt, type Contract, type FieldRule } from '../../contract/index.ts';
import type { Participant } from '../../config/demo-participants.ts';
import type { ApiRequest } from '../core/api-request.ts';
import { fieldNames, pascal } from '../core/field-names.ts';
import { fieldsRefusal, type Refusal } from '../core/refusal.ts';

/** A relaxation a fault adds: accepts a requested host that is not on the list. */
export type HostLeniency = (requested: string, allowed: readonly string[]) => boolean;

export interface WhiteListSeams {
  compare: 'exact' | 'origin';
  /** An empty-string host_uri: the default host, or Unauthorized (its 13400 variant is a field rule). */
  emptyHost: 'default' | 'unauthorized';
  /** No host_uri: the first white-listed host (documented), or a 13400 (fault reject-absent-host). */
  absentHost: 'default' | 'refuse';
  /** Whose hosts count: the participant's own (documented), or every participant's (a fault). */
  candidates: 'own' | 'all-participants';
  /** Faults that let more through. */
  readonly leniencies: HostLeniency[];
  /** Over-long values are treated as absent (fault accept-overlong-host-uri). */
  overlongIsAbsent: boolean;
  /** Numbers and booleans taken as strings (fault accept-wrong-types). */
  coerceScalars: boolean;
}

export function defaultWhiteListSeams(): WhiteListSeams {
  return { compare: 'exact', emptyHost: 'default', absentHost: 'default', candidates: 'own', leniencies: [], overlongIsAbsent: false, coerceScalars: false };
}

const NOT_LISTED: Refusal = { kind: 'unauthorized', stage: 'white-list', rule: 'white-list', reason: 'host_uri is not a white-listed origin of the participant' };
const EMPTY_HOST: Refusal = { kind: 'unauthorized', stage: 'white-list', rule: 'empty-host', reason: 'host_uri is an empty string' };

export class WhiteListStage {
  private readonly field: FieldRule | undefined;
  private readonly everyHost: readonly string[];
  /** Per participant: normalised origin → the configured host string (for compare 'origin'). */
  private readonly origins: ReadonlyMap<Participant, ReadonlyMap<string, string>>;
  private readonly allOrigins: ReadonlyMap<string, string>;
  private readonly absentRefusal: Refusal | undefined;

  constructor(
    private readonly seams: Readonly<WhiteListSeams>,
    contract: Contract,
    participants: readonly Participant[],
  ) {
    this.field = contract.fields.find((f) => f.whiteListed);
    this.everyHost = participants.flatMap((p) => p.host_uris);
    this.origins = new Map(participants.map((p) => [p, originMap(p.host_uris)]));
    this.allOrigins = originMap(this.everyHost);
    if (seams.absentHost === 'refuse') {
      const names = fieldNames(this.field?.path ?? ['host_uri']);
      this.absentRefusal = fieldsRefusal('white-list', [{ field: names, rule: 'required', message: `The ${pascal(names.bare)} field is required.` }]);
    }
  }

  /** Sets ctx.hostUri (the configured string, so sessions share one instance per host), or refuses. */
  readonly check = (ctx: ApiRequest): Refusal | undefined => {
    const participant = ctx.participant!;
    const body = ctx.json;
    const seams = this.seams;
    const raw = this.field && isJsonObject(body) ? valueAt(body, this.field.path) : undefined;
    let requested: string | undefined =
      typeof raw === 'string' ? raw : seams.coerceScalars && (typeof raw === 'number' || typeof raw === 'boolean') ? String(raw) : undefined;
    if (requested === '') {
      if (seams.emptyHost === 'unauthorized') return EMPTY_HOST;
      requested = undefined;
    }
    if (requested !== undefined && seams.overlongIsAbsent && this.field?.maxLength !== undefined && requested.length > this.field.maxLength) {
      requested = undefined;
    }
    // Absent, or a value of the wrong type: that is the field stage's 13400, whichever runs first.
    if (requested === undefined) {
      if (this.absentRefusal) return this.absentRefusal;
      ctx.hostUri = participant.host_uris[0];
      return undefined;
    }
    const allowed = seams.candidates === 'all-participants' ? this.everyHost : participant.host_uris;
    const listed = allowed.find((h) => h === requested);
    if (listed !== undefined) {
      ctx.hostUri = listed;
      return undefined;
    }
    if (seams.compare === 'origin') {
      const byOrigin = (seams.candidates === 'all-participants' ? this.allOrigins : this.origins.get(participant)!).get(originOf(requested) ?? '');
      if (byOrigin !== undefined) {
        ctx.hostUri = byOrigin;
        return undefined;
      }
    }
    for (const lenient of seams.leniencies) {
      if (lenient(requested, allowed)) {
        ctx.hostUri = requested;
        return undefined;
      }
    }
    return NOT_LISTED;
  };
}

function originMap(hosts: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const host of hosts) {
    const origin = originOf(host);
    if (origin !== undefined && !map.has(origin)) map.set(origin, host);
  }
  return map;
}

/**
 * scheme://host[:port] of a URL, lower-cased, default port dropped; path, query, fragment and a
 * trailing slash ignored. undefined for anything that is not a plain http(s) URL: whitespace,
 * credentials and other schemes are never normalised away.
 */
export function originOf(text: string): string | undefined {
  if (/[\s\u0000-\u001f]/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') return undefined;
  return url.origin;
}
