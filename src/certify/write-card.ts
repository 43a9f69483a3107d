// Writes the card: client-card.json (the data), client-card.html (for a person), client-card.junit.xml
// (for CI). Each is checked for the secret before it is written (as every report is), and afterwards
// the card's files and the proxy's records are scanned for the secret and the recipient values the
// run sent, in every form they could leak in (the artifact scan of src/report/scan).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { personalValuesOf } from '../report/redact.ts';
import { needleFor, scanArtifacts, type Hit } from '../report/scan/scan-artifacts.ts';
import { assertNoSecret } from '../report/write-reports.ts';
import type { ClientCard } from './card.ts';
import type { Journal } from './journal.ts';
import { renderCardHtml } from './render/html.ts';
import { renderCardJunit } from './render/junit.ts';

export const CARD_FILES = { json: 'client-card.json', html: 'client-card.html', junit: 'client-card.junit.xml', exchanges: 'client-card-exchanges.jsonl' } as const;

export function writeCard(dir: string, card: ClientCard, secrets: readonly string[]): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    assertNoSecret(path, text, secrets);
    writeFileSync(path, text);
    files.push(path);
  };
  write(CARD_FILES.json, `${JSON.stringify(card, null, 2)}\n`);
  write(CARD_FILES.html, renderCardHtml(card));
  write(CARD_FILES.junit, renderCardJunit(card));
  return files;
}

/** Scans the given files for the secrets and for the recipient values the run's requests carried. */
export function scanCardArtifacts(files: readonly string[], journal: Journal): readonly Hit[] {
  const needles = journal.participants.map((p) => needleFor(`the secret of ${p.username}`, p.secret));
  const personal = new Set<string>();
  // A short number (a zip code) also turns up inside timestamps and URL tokens: only longer ones are needles.
  for (const e of journal.exchanges) if (e.inspection.json !== undefined) for (const v of personalValuesOf(e.inspection.json)) if (v.length >= 4 && !/^\d{1,7}$/.test(v)) personal.add(v);
  for (const value of personal) needles.push(needleFor('a recipient value', value));
  return scanArtifacts(files, needles).hits;
}
