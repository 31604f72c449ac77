// The JS client against the vectors crypto-core generated (crypto-core/src/test/resources/collab/vectors.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import {
  createClient, ClientShare, CollabError, digest, fromHex, toHex, sealShare, openShare, deriveSealKey, Point,
  sm3Hash,
} from '../src/collab.js';
import { sm3 } from 'sm-crypto-v2';
import { hmac } from '@noble/hashes/hmac.js';

const vectors = JSON.parse(readFileSync(fileURLToPath(new URL(
  '../../crypto-core/src/test/resources/collab/vectors.json', import.meta.url)), 'utf8'));

/** randomBytes that hands out the given hex chunks in order, each exactly as long as requested. */
function fixed(...chunks) {
  const queue = chunks.map(fromHex);
  return (n) => {
    const next = queue.shift();
    assert.ok(next && next.length === n, `fixed randomness: asked for ${n} bytes`);
    return next;
  };
}

const shareOf = (key) => new ClientShare(BigInteger(key.d1), fromHex(key.P));
const BigInteger = (hex) => BigInt('0x' + hex);

test('the curve is sm2p256v1: G has order n', () => {
  assert.ok(Point.BASE.multiplyUnsafe(Point.Fn.ORDER - 1n).equals(Point.BASE.negate()));
});

test('key generation matches the vectors', () => {
  for (const v of vectors.keygen) {
    const keygen = createClient({ randomBytes: fixed(v.d1) }).startKeygen();
    assert.equal(toHex(keygen.request()), v.request);
    const share = keygen.finish(fromHex(v.response));
    assert.equal(toHex(share.publicKey), v.P);
    assert.equal(toHex(share.exportForSealing()), v.d1);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(share))), ['publicKey']);
  }
});

test('signing matches the vectors: request, e, r, s and DER', () => {
  for (const v of vectors.sign) {
    const key = vectors.keygen[v.key];
    const signing = createClient({ randomBytes: fixed(v.k1) })
      .startSigning(shareOf(key), v.sessionId, fromHex(v.message));
    assert.equal(toHex(signing.e()), v.e);
    assert.equal(toHex(digest(fromHex(key.P), fromHex(v.message))), v.e);
    assert.equal(toHex(signing.request()), v.request);
    const signature = signing.finish(fromHex(v.response));
    assert.equal(signature.r.toString(16).padStart(64, '0'), v.r);
    assert.equal(signature.s.toString(16).padStart(64, '0'), v.s);
    assert.equal(toHex(signature.der), v.der);
  }
});

test('every refusal vector is refused with the same reason as in Java', () => {
  const key = vectors.keygen[0];
  const sign = vectors.sign[1];
  for (const v of vectors.refused) {
    const attempt = v.kind === 'keygenResponse'
      ? () => createClient({ randomBytes: fixed(key.d1) }).startKeygen().finish(fromHex(v.bytes))
      : () => createClient({ randomBytes: fixed(sign.k1) })
        .startSigning(shareOf(vectors.keygen[sign.key]), sign.sessionId, fromHex(sign.message))
        .finish(fromHex(v.bytes));
    assert.throws(attempt, (e) => e instanceof CollabError && e.reason === v.reason, v.name);
  }
  assert.ok(vectors.refused.length >= 10);
});

test('a signing round and a key generation finish once', () => {
  const v = vectors.sign[0];
  const signing = createClient({ randomBytes: fixed(v.k1) })
    .startSigning(shareOf(vectors.keygen[v.key]), v.sessionId, fromHex(v.message));
  signing.finish(fromHex(v.response));
  assert.throws(() => signing.finish(fromHex(v.response)), { reason: 'ALREADY_USED' });
});

test('HMAC-SM3 through the adapter equals sm-crypto-v2 hmac mode', () => {
  const key = fromHex('0b'.repeat(20));
  const data = new TextEncoder().encode('Hi There');
  assert.equal(toHex(hmac(sm3Hash, key, data)), sm3(data, { key }));
  const long = new Uint8Array(100).fill(7); // a key longer than a block is hashed first
  assert.equal(toHex(hmac(sm3Hash, long, data)), sm3(data, { key: long }));
  assert.equal(toHex(sm3Hash(new TextEncoder().encode('abc'))),
    '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
});

test('the sealed share is byte for byte the one crypto-core seals, and opens', () => {
  for (const v of vectors.seal) {
    const share = shareOf(vectors.keygen[v.key]);
    assert.equal(toHex(deriveSealKey(v.pin, v.pepper, v.salt, v.iterations)), v.kek);
    const sealed = sealShare(share, v.pin, fromHex(v.pepper), {
      iterations: v.iterations, randomBytes: fixed(v.salt, v.nonce),
    });
    assert.equal(toHex(sealed), v.sealed);
    const opened = openShare(fromHex(v.sealed), v.pin, fromHex(v.pepper));
    assert.equal(toHex(opened.exportForSealing()), vectors.keygen[v.key].d1);
    assert.throws(() => openShare(fromHex(v.sealed), '000000', fromHex(v.pepper)), { reason: 'WRONG_PASSWORD' });
    const otherPepper = fromHex(v.pepper);
    otherPepper[0] ^= 1;
    assert.throws(() => openShare(fromHex(v.sealed), v.pin, otherPepper), { reason: 'WRONG_PASSWORD' });
    const changed = fromHex(v.sealed);
    changed[6] ^= 1; // an iteration count below the minimum is refused before any key derivation
    assert.throws(() => openShare(changed, v.pin, fromHex(v.pepper)), { reason: 'BAD_ENCODING' });
  }
});
