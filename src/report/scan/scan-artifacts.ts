// Scans every file under the given directories for needles (a canary secret, canary recipient
// values) in the forms they could leak in: raw, JSON-escaped, URL-encoded, base64, inside zip
// archives and the base64 zip that Playwright's HTML report embeds, and inside the reports' replay
// recipes (a body written from base64, and the evidence's replayBodyBase64), decoded: a short name in
// base64 is no needle of its own. Used by the redaction test and by `npm run conformance` as a last
// check before it says the run is done.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { base64Forms } from '../secret-forms.ts';
import { isZip, readZip } from './zip.ts';

export interface Needle {
  readonly label: string;
  readonly forms: readonly string[];
}

export interface Hit {
  readonly file: string;
  readonly label: string;
  readonly form: string;
}

export interface ScanResult {
  readonly filesScanned: number;
  /** Entries read inside archives (trace files, blob reports, embedded report data). */
  readonly archiveEntriesScanned: number;
  readonly bytesScanned: number;
  readonly hits: readonly Hit[];
}

/** A value's leak forms. Short values (a 5-letter name) are searched raw and URL-encoded only. */
export function needleFor(label: string, value: string): Needle {
  const forms = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  for (const form of base64Forms(value)) if (form.length >= 8) forms.add(form);
  return { label, forms: [...forms].filter((f) => f.length >= 4) };
}

export function scanArtifacts(dirs: readonly string[], needles: readonly Needle[]): ScanResult {
  const state = { filesScanned: 0, archiveEntriesScanned: 0, bytesScanned: 0, hits: [] as Hit[] };
  for (const dir of dirs) for (const file of walk(dir)) scanBuffer(file, readFileSync(file), needles, state, 0);
  return state;
}

function scanBuffer(name: string, data: Buffer, needles: readonly Needle[], state: { filesScanned: number; archiveEntriesScanned: number; bytesScanned: number; hits: Hit[] }, depth: number): void {
  if (depth === 0) state.filesScanned += 1;
  else state.archiveEntriesScanned += 1;
  state.bytesScanned += data.byteLength;
  const text = data.toString('latin1');
  const utf8 = data.toString('utf8');
  for (const needle of needles) {
    for (const form of needle.forms) {
      if (text.includes(form) || utf8.includes(form)) {
        state.hits.push({ file: name, label: needle.label, form });
        break;
      }
    }
  }
  if (depth > 3) return;
  if (isZip(data)) {
    for (const entry of readZip(data)) scanBuffer(`${name}!${entry.name}`, entry.data, needles, state, depth + 1);
  }
  // Playwright's HTML report keeps its data as a base64 zip inside index.html.
  for (const m of utf8.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g)) {
    scanBuffer(`${name}!embedded-zip`, Buffer.from(m[1]!, 'base64'), needles, state, depth + 1);
  }
  for (const [label, bytes] of replayBodies(utf8)) scanBuffer(`${name}!${label}`, bytes, needles, state, depth + 1);
}

// A recipe's `base64 -d > body.json <<'B64'` … `B64` block: in a terminal log or text (real newlines),
// in JSON (\n escapes) or in HTML (&gt; &lt; &#39; escapes).
const RECIPE_BASE64 = /base64 -d (?:>|&gt;) [\w.-]+ (?:<<|&lt;&lt;)(?:'|&#39;)B64(?:'|&#39;)((?:\\n|\n|[A-Za-z0-9+/=])+?)(?:\\n|\n)B64\b/g;
const EVIDENCE_BASE64 = /"replayBodyBase64"\s*:\s*"([A-Za-z0-9+/=]+)"/g;

/** The bodies a report's replay recipes would write, decoded. */
export function replayBodies(text: string): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (const m of text.matchAll(RECIPE_BASE64)) out.push(['replay-recipe', Buffer.from(m[1]!.replace(/\\n|\n/g, ''), 'base64')]);
  for (const m of text.matchAll(EVIDENCE_BASE64)) out.push(['replay-body', Buffer.from(m[1]!, 'base64')]);
  return out;
}

/** Every file under `dir` (or `dir` itself when it is a file); a missing path yields nothing. */
function* walk(dir: string): Generator<string> {
  let names: string[];
  try {
    if (statSync(dir).isFile()) {
      yield dir;
      return;
    }
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) yield* walk(path);
    else if (stat.isFile()) yield path;
  }
}
