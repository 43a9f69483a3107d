// The onboarding checklist as the integrator sees it: one line per item, ✔ or ✘ and one line of why,
// printed the moment an item is decided (items run in parallel where they can, to stay under a minute).

export type ItemState = 'pass' | 'fail' | 'skip';

export const ITEMS = [
  ['credentials', 'Credentials accepted'],
  ['clock', 'Clock offset to the server'],
  ['host', 'host_uri white-listed'],
  ['paypal', 'PayPal email rule as configured'],
  ['loads', 'Authorized URL loads'],
  ['framed', 'Framed on your host'],
  ['expires', 'Authorized URL expires'],
  ['recovery', 'Idempotent recovery works'],
  ['answers', 'Answers match the document'],
] as const;

export type ItemKey = (typeof ITEMS)[number][0];

export interface ItemResult {
  readonly key: ItemKey;
  readonly title: string;
  readonly state: ItemState;
  readonly why: string;
  /** Further lines (a diagnosis), indented under the item. */
  readonly detail?: readonly string[];
}

const SYMBOL: Record<ItemState, string> = { pass: '✔', fail: '✘', skip: '–' };

export class Checklist {
  private readonly results = new Map<ItemKey, ItemResult>();

  constructor(private readonly print: (line: string) => void = (line) => console.log(line)) {}

  pass(key: ItemKey, why: string, detail?: readonly string[]): void {
    this.set(key, 'pass', why, detail);
  }

  fail(key: ItemKey, why: string, detail?: readonly string[]): void {
    this.set(key, 'fail', why, detail);
  }

  skip(key: ItemKey, why: string): void {
    this.set(key, 'skip', why);
  }

  /** Marks every item not decided yet as skipped, with the reason. */
  skipRest(why: string): void {
    for (const [key] of ITEMS) if (!this.results.has(key)) this.skip(key, why);
  }

  has(key: ItemKey): boolean {
    return this.results.has(key);
  }

  all(): ItemResult[] {
    return ITEMS.map(([key]) => this.results.get(key)).filter((r): r is ItemResult => !!r);
  }

  private set(key: ItemKey, state: ItemState, why: string, detail?: readonly string[]): void {
    if (this.results.has(key)) return;
    const title = ITEMS.find(([k]) => k === key)![1];
    const result: ItemResult = { key, title, state, why, ...(detail && { detail }) };
    this.results.set(key, result);
    this.print(`${SYMBOL[state]} ${title}: ${why}`);
    for (const line of detail ?? []) this.print(`    ${line}`);
  }
}
