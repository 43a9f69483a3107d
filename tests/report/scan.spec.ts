import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { needleFor, scanArtifacts } from '../../src/report/scan/scan-artifacts.ts';
import { knownSecrets, scrubSecrets, secretForms } from '../../src/report/secret-forms.ts';
import { tempDir } from './support/spawn.ts';
import { makeZip } from './support/zip.ts';

const SECRET = 'canary-7Hq2vX9pLmN4sR8t';

test.describe('secret forms and scrubbing', () => {
  test('the base64 forms find the secret at every alignment inside a longer base64 text', () => {
    const forms = secretForms(SECRET);
    for (let before = 0; before < 5; before++) {
      for (let after = 0; after < 4; after++) {
        const encoded = Buffer.concat([Buffer.alloc(before, 0x41), Buffer.from(SECRET), Buffer.alloc(after, 0x42)]).toString('base64');
        expect(forms.some((f) => encoded.includes(f)), `prefix ${before}, suffix ${after}`).toBe(true);
      }
    }
  });

  test('scrubbing removes the raw, URL-encoded, JSON-escaped and base64 forms', () => {
    const text = [SECRET, encodeURIComponent(`${SECRET}/x`), JSON.stringify({ s: SECRET }), Buffer.from(`Basic ${SECRET}`).toString('base64')].join(' | ');
    const scrubbed = scrubSecrets(text, [SECRET]);
    for (const form of secretForms(SECRET)) expect(scrubbed).not.toContain(form);
    expect(scrubbed).toContain('[redacted-secret]');
  });

  test('known secrets include the configured ones and *SECRET* variables, and survive a bad configuration', () => {
    expect(knownSecrets({ INGO_HMAC_SECRET: SECRET, INGO_TARGET: 'mock' })).toContain(SECRET);
    expect(knownSecrets({ INGO_HMAC_SECRET: SECRET, INGO_TARGET: 'nonsense' })).toContain(SECRET);
    expect(knownSecrets({ CI_API_TOKEN: 'tok-1234567890abcdef', INGO_TARGET: 'mock' })).toContain('tok-1234567890abcdef');
    expect(knownSecrets({ USE_TOKEN_AUTH: 'enabled', INGO_TARGET: 'mock' })).not.toContain('enabled');
  });
});

test.describe('the artifact scan', () => {
  test('finds needles raw, base64-encoded, inside zips, and inside the HTML report’s embedded zip', () => {
    const dir = tempDir('scan');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'clean.txt'), 'nothing to see');
    writeFileSync(join(dir, 'raw.log'), `header ${SECRET} trailer`);
    writeFileSync(join(dir, 'nested', 'b64.json'), JSON.stringify({ data: Buffer.from(`xx${SECRET}yy`).toString('base64') }));
    writeFileSync(join(dir, 'trace.zip'), makeZip([{ name: 'trace.network', data: Buffer.from(`{"postData":"Frost lives at 123 Main St"}`) }]));
    const embedded = makeZip([{ name: 'report.json', data: Buffer.from(`{"error":"${SECRET}"}`) }]).toString('base64');
    writeFileSync(join(dir, 'index.html'), `<script>window.playwrightReportBase64 = "data:application/zip;base64,${embedded}";</script>`);
    const result = scanArtifacts([dir], [{ label: 'secret', forms: secretForms(SECRET) }, needleFor('last name', 'Frost'), needleFor('street', '123 Main St')]);
    expect(result.filesScanned).toBe(5);
    expect(result.archiveEntriesScanned).toBe(3); // the embedded zip, its entry, the trace entry
    const found = result.hits.map((h) => `${h.file.slice(dir.length + 1)} ${h.label}`).sort();
    expect(found).toEqual(['index.html!embedded-zip!report.json secret', 'nested/b64.json secret', 'raw.log secret', 'trace.zip!trace.network last name', 'trace.zip!trace.network street']);
  });
});

test.describe('the scan reads replay recipes', () => {
  test('a body a recipe writes from base64 is decoded and scanned, in a log, in JSON and in HTML', () => {
    const dir = tempDir('scan-recipe');
    const body = Buffer.concat([Buffer.from('{"recipient_information":{"last_name":"Frost","first_name":"Ja'), Buffer.from([0xc3, 0x28]), Buffer.from('ck"}}')]);
    const lines = (body.toString('base64').match(/.{1,76}/g) ?? []).join('\n');
    const recipe = `base64 -d > body.json <<'B64'\n${lines}\nB64\nnpm run -s sign -- --body-file body.json > headers.txt`;
    writeFileSync(join(dir, 'terminal.log'), recipe);
    writeFileSync(join(dir, 'conformance.json'), JSON.stringify({ reproduction: { curl: recipe }, evidence: { request: { replayBodyBase64: body.toString('base64') } } }));
    writeFileSync(join(dir, 'conformance.html'), `<pre>${recipe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;')}</pre>`);
    const result = scanArtifacts([dir], [needleFor('last name', 'Frost')]);
    expect(result.hits.map((h) => h.file.slice(dir.length + 1)).sort()).toEqual(['conformance.html!replay-recipe', 'conformance.json!replay-body', 'conformance.json!replay-recipe', 'terminal.log!replay-recipe']);
    // Masked as the reports mask it, the same recipe is clean.
    const masked = body.toString('latin1').replace('Frost', 'Xxxxx').replace('Ja', 'Xx').replace('ck"', 'xx"');
    writeFileSync(join(dir, 'terminal.log'), `base64 -d > body.json <<'B64'\n${Buffer.from(masked, 'latin1').toString('base64')}\nB64`);
    expect(scanArtifacts([join(dir, 'terminal.log')], [needleFor('last name', 'Frost')]).hits).toEqual([]);
  });
});

test.describe('personal values in messages', () => {
  test('a counterexample quoted in an error is masked by field name; masked evidence is left as it is', async () => {
    const { maskPersonalFieldsInText } = await import('../../src/report/redact.ts');
    const message = 'Counterexample: [{"participant_unique_id1":"p-1","recipient_information":{"first_name":"Addison","city":"North Abbotttown","state":"AL","phone_number":"2012010000","last_name":"F***[5]"}}]';
    expect(maskPersonalFieldsInText(message)).toBe(
      'Counterexample: [{"participant_unique_id1":"p-1","recipient_information":{"first_name":"A***[7]","city":"N***[16]","state":"AL","phone_number":"2***[10]","last_name":"F***[5]"}}]',
    );
    expect(maskPersonalFieldsInText(`Object { first_name: 'Ana', business_name: "Acme Ltd" }`)).toBe(`Object { first_name: 'A***[3]', business_name: "A***[8]" }`);
  });
});
