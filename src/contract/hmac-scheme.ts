// The signing scheme as the contract's `x-hmac` extension describes it (contract-notes.md).
import type { OpenAPIV3_1 } from 'openapi-types';

export type HmacAlgorithmName = 'hmac-sha512' | 'hmac-sha256';

export interface HmacScheme {
  readonly scheme: string;
  /** Algorithm name in the Authorization header → node:crypto digest name. */
  readonly algorithms: Readonly<Record<HmacAlgorithmName, 'sha512' | 'sha256'>>;
  readonly defaultAlgorithm: HmacAlgorithmName;
  readonly legacyAlgorithms: readonly HmacAlgorithmName[];
  /** Lower-case names, in the order the signing string lists them. */
  readonly signedHeaders: readonly string[];
  readonly dateHeader: string;
  readonly digestHeader: string;
  readonly clockSkewSeconds: number;
}

export function readHmacScheme(document: OpenAPIV3_1.Document): HmacScheme {
  const raw = (document.components?.securitySchemes?.hmac as Record<string, unknown> | undefined)?.['x-hmac'] as
    | Record<string, unknown>
    | undefined;
  if (!raw) throw new Error('contract has no components.securitySchemes.hmac.x-hmac');
  return {
    scheme: String(raw['scheme']),
    algorithms: raw['algorithms'] as HmacScheme['algorithms'],
    defaultAlgorithm: raw['default-algorithm'] as HmacAlgorithmName,
    legacyAlgorithms: (raw['legacy-algorithms'] as HmacAlgorithmName[]) ?? [],
    signedHeaders: (raw['signed-headers'] as string[]).map((h) => h.toLowerCase()),
    dateHeader: String(raw['date-header']),
    digestHeader: String(raw['digest-header']),
    clockSkewSeconds: Number(raw['clock-skew-seconds']),
  };
}
