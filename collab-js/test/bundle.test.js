// The committed bundle (hub/src/main/resources/static/m/collab.js) is what build.mjs makes from the current
// sources, and it works as a classic script (no module system, only crypto.getRandomValues and TextEncoder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { bundle, OUTPUT } from '../build.mjs';

test('the committed bundle is up to date (rebuild: cd collab-js && npm run build)', async () => {
  assert.equal(readFileSync(OUTPUT, 'utf8'), await bundle());
});

test('the bundle runs as a classic script and signs the shared vector', () => {
  const vectors = JSON.parse(readFileSync(fileURLToPath(new URL(
    '../../crypto-core/src/test/resources/collab/vectors.json', import.meta.url)), 'utf8'));
  const context = vm.createContext({ crypto: globalThis.crypto, TextEncoder, Uint8Array, DataView });
  vm.runInContext(readFileSync(OUTPUT, 'utf8'), context);
  const { createClient, ClientShare, fromHex, toHex } = context.MedsignCollab;
  const v = vectors.sign[2];
  const key = vectors.keygen[v.key];
  const chunks = [fromHex(v.k1)];
  const signing = createClient({ randomBytes: () => chunks.shift() })
    .startSigning(new ClientShare(BigInt('0x' + key.d1), fromHex(key.P)), v.sessionId, fromHex(v.message));
  assert.equal(toHex(signing.request()), v.request);
  assert.equal(toHex(signing.finish(fromHex(v.response)).der), v.der);
  assert.equal(context.MedsignCollab.createClient().startKeygen().request().length, 66);
});
