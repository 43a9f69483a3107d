import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { renderCatalogMarkdown, REQUIREMENTS_MD } from '../../src/report/catalog-markdown.ts';
import { REPO_ROOT } from '../../src/report/run-context.ts';

test('openapi/REQUIREMENTS.md is generated from the current contract (run npm run catalog if this fails)', () => {
  const contract = loadContract();
  const onDisk = readFileSync(join(REPO_ROOT, REQUIREMENTS_MD), 'utf8');
  expect(onDisk).toBe(renderCatalogMarkdown(contract.requirements));
  for (const r of contract.requirements) expect(onDisk).toContain(`| \`${r.id}\` |`);
});
