// The named stages of the simulator. The API request path runs them in this order by default; the
// check stages (between reading the body and responding) may be reordered by a personality. The
// plug-in page has its own small pipeline. Overrides (personality choices, fault modes) register on
// one of these names.

/** The stages a request to the API passes, in the default order. */
export const API_STAGES = [
  'transport',
  'read-body',
  'authenticate',
  'content-type',
  'parse-json',
  'validate-fields',
  'white-list',
  'idempotency',
  'respond',
] as const;

/** The stages between reading the body and responding: their order is a personality choice. */
export const CHECK_STAGES = ['authenticate', 'content-type', 'parse-json', 'validate-fields', 'white-list', 'idempotency'] as const;

/** The plug-in page behind authorized_url: token → expiry → framing headers → markup. */
export const PLUGIN_STAGES = ['plugin-token', 'plugin-expiry', 'plugin-framing', 'plugin-markup'] as const;

export type ApiStageName = (typeof API_STAGES)[number];
export type CheckStageName = (typeof CHECK_STAGES)[number];
export type PluginStageName = (typeof PLUGIN_STAGES)[number];
/** `pipeline` is the core's own settings (the order of the check stages). */
export type StageName = 'pipeline' | ApiStageName | PluginStageName;

/** The default order: size → signature → content type → JSON → fields (+ key length) → white-list → idempotency. */
export const DEFAULT_CHECK_ORDER: readonly CheckStageName[] = CHECK_STAGES;
