// npm run catalog: writes openapi/REQUIREMENTS.md from the contract. `--check` only compares and
// exits 1 when the file is out of date (CI, and the unit test in tests/report).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadContract } from '../src/contract/index.ts';
import { renderCatalogMarkdown, REQUIREMENTS_MD } from '../src/report/catalog-markdown.ts';

const path = fileURLToPath(new URL(`../${REQUIREMENTS_MD}`, import.meta.url));
const contract = loadContract();
const text = renderCatalogMarkdown(contract.requirements);
let current = '';
try {
  current = readFileSync(path, 'utf8');
} catch {
  // not generated yet
}

if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${REQUIREMENTS_MD} is out of date: run npm run catalog`);
    process.exit(1);
  }
  console.log(`${REQUIREMENTS_MD} is up to date (${contract.requirements.length} requirements)`);
} else {
  writeFileSync(path, text);
  console.log(`wrote ${REQUIREMENTS_MD}: ${contract.requirements.length} requirements`);
}
