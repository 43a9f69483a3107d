// The one grammar of `x-not-documented`: the contract lists, per field or header, values whose
// treatment the document leaves open, as short phrases. They are read here, once, into typed choices
// (generators avoid them, the simulator accepts them, the proxy only warns about them); a phrase this
// grammar does not know stops the contract from loading, so a new entry can never be silently ignored.

export type NotDocumentedChoice =
  /** A listed code such as DC or PR. */
  | { readonly kind: 'code'; readonly code: string }
  /** 'ga' for GA: a code written in lower case. */
  | { readonly kind: 'lower-case' }
  /** '' (an empty string, or an empty header value). */
  | { readonly kind: 'empty' }
  /** Digits only, but fewer than `digits` of them (a short phone number). */
  | { readonly kind: 'fewer-digits'; readonly digits: number };

const GRAMMAR: ReadonlyArray<{ readonly pattern: RegExp; readonly read: (match: RegExpExecArray) => NotDocumentedChoice }> = [
  { pattern: /^[A-Z0-9]+$/, read: (m) => ({ kind: 'code', code: m[0] }) },
  { pattern: /^lower-case codes$/i, read: () => ({ kind: 'lower-case' }) },
  { pattern: /^empty (?:string|header value)$/i, read: () => ({ kind: 'empty' }) },
  { pattern: /^fewer than (\d+) digits$/i, read: (m) => ({ kind: 'fewer-digits', digits: Number(m[1]) }) },
];

/** Reads a node's `x-not-documented` phrases; throws on a phrase the grammar does not know. */
export function readNotDocumented(node: unknown, where: string): NotDocumentedChoice[] {
  const phrases = (node as Record<string, unknown> | undefined)?.['x-not-documented'];
  if (phrases === undefined) return [];
  if (!Array.isArray(phrases)) throw new Error(`contract: x-not-documented on ${where} must be a list`);
  return phrases.map((raw) => {
    const phrase = String(raw).trim();
    for (const { pattern, read } of GRAMMAR) {
      const match = pattern.exec(phrase);
      if (match) return read(match);
    }
    throw new Error(`contract: x-not-documented "${phrase}" on ${where} is not understood; teach src/contract/not-documented.ts what it means`);
  });
}

/** Whether a value is one the document leaves open, by these choices. */
export function isNotDocumented(choices: readonly NotDocumentedChoice[], value: string): boolean {
  return choices.some((choice) => {
    switch (choice.kind) {
      case 'code':
        return value === choice.code;
      case 'lower-case':
        // Any lower-case letter makes a code ambiguous, even as an invalid one ('xx').
        return /\p{Ll}/u.test(value);
      case 'empty':
        return value === '';
      case 'fewer-digits':
        return /^[0-9]*$/.test(value) && value.length < choice.digits;
    }
  });
}

/** The listed codes among the choices (DC, PR...), as opposed to kinds of value such as lower case. */
export function notDocumentedCodes(choices: readonly NotDocumentedChoice[]): string[] {
  return choices.flatMap((choice) => (choice.kind === 'code' ? [choice.code] : []));
}

/** Whether the choices leave a kind of value open ('lower-case', 'empty'...). */
export function leavesOpen(choices: readonly NotDocumentedChoice[], kind: NotDocumentedChoice['kind']): boolean {
  return choices.some((choice) => choice.kind === kind);
}
