// Phone side of MedSign's two-party SM2 signing (协同签名), mirroring crypto-core's
// org.medsign.crypto.collab.CollabClient and DeviceShareSeal byte for byte (same messages, same sealed share, same
// test vectors: crypto-core/src/test/resources/collab/vectors.json). Scheme, checks and threat model:
// docs/security.md, "Collaborative SM2 keys".
//
// Libraries, no hand-written curve arithmetic:
//   - @noble/curves: the sm2p256v1 group (weierstrass() with the GB/T 32918 parameters), scalar field mod n.
//   - sm-crypto-v2: SM3, SM2 digest e = SM3(Z_A || M) (getHash), the final SM2 verification (doVerifySignature,
//     an independent implementation), SM4-GCM.
//   - @noble/hashes: PBKDF2 and HMAC, run over sm-crypto-v2's SM3 through a small buffering adapter (sm3Hash below),
//     because WebCrypto's PBKDF2 has no SM3.

import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sm2, sm3, sm4 } from 'sm-crypto-v2';

// GB/T 32918.5 sm2p256v1
const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};
/** The sm2p256v1 point class (noble-curves). */
export const Point = weierstrass(CURVE);
const Fn = Point.Fn;
const N = CURVE.n;
const G = Point.BASE;

const POINT_LENGTH = 65;
const SCALAR_LENGTH = 32;
const SESSION_LENGTH = 16;
const KEYGEN_REQUEST = 0x01;
const KEYGEN_RESPONSE = 0x02;
const SIGN_REQUEST = 0x03;
const SIGN_RESPONSE = 0x04;

/** Reason codes, identical to CollabProtocolException.Reason in crypto-core. */
export const Reason = Object.freeze({
  BAD_ENCODING: 'BAD_ENCODING',
  POINT_NOT_ON_CURVE: 'POINT_NOT_ON_CURVE',
  POINT_AT_INFINITY: 'POINT_AT_INFINITY',
  SCALAR_OUT_OF_RANGE: 'SCALAR_OUT_OF_RANGE',
  SESSION_UNKNOWN_OR_USED: 'SESSION_UNKNOWN_OR_USED',
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  PEER_KEY_MISMATCH: 'PEER_KEY_MISMATCH',
  SIGNATURE_INVALID: 'SIGNATURE_INVALID',
  RETRY_WITH_FRESH_NONCE: 'RETRY_WITH_FRESH_NONCE',
  ALREADY_USED: 'ALREADY_USED',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
});

/** A refused protocol message or an unusable sealed share; nothing was signed. Branch on `reason`. */
export class CollabError extends Error {
  constructor(reason, message) {
    super(`${reason}: ${message}`);
    this.name = 'CollabError';
    this.reason = reason;
  }
}

const fail = (reason, message) => {
  throw new CollabError(reason, message);
};

// ---- bytes -------------------------------------------------------------------------------------------------------

/** Hex (lower case) of bytes. */
export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of an even-length hex string. */
export function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError('expected hex');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i;
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const nibble = (c) => NIBBLE[c]; // the caller has validated c as a hex digit

// hex from sm-crypto-v2's sm3 (always 64 lower-case digits) into out, without validation or allocation
function sm3Into(message, out) {
  const hex = sm3(message);
  for (let i = 0; i < 32; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
}

function concat(...parts) {
  let length = 0;
  for (let i = 0; i < parts.length; i++) length += parts[i].length;
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    out.set(parts[i], at);
    at += parts[i].length;
  }
  return out;
}

const bytesToNumber = (bytes) => (bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes)));
const numberTo32 = (k) => fromHex(k.toString(16).padStart(64, '0'));
const utf8 = (text) => new TextEncoder().encode(text);

function asBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return fromHex(value);
  throw new TypeError(`${name}: expected Uint8Array or hex`);
}

function defaultRandomBytes(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

// ---- strict encodings (CollabParameters) ---------------------------------------------------------------------------

/** A scalar in [1, n-1]: 32 random bytes big-endian, redrawn while 0 or >= n (as crypto-core draws). */
function randomScalar(randomBytes) {
  for (;;) {
    const bytes = randomBytes(SCALAR_LENGTH);
    if (!(bytes instanceof Uint8Array) || bytes.length !== SCALAR_LENGTH) throw new Error('randomBytes broken');
    const k = bytesToNumber(bytes);
    if (k > 0n && k < N) return k;
  }
}

function checkScalar(k, name) {
  if (typeof k !== 'bigint' || k <= 0n || k >= N) fail(Reason.SCALAR_OUT_OF_RANGE, `${name} is not in [1, n-1]`);
  return k;
}

function decodeScalar(bytes, offset, name) {
  return checkScalar(bytesToNumber(bytes.subarray(offset, offset + SCALAR_LENGTH)), name);
}

/** Decodes exactly 04||X||Y (coordinates below p) into a valid point; never infinity. */
export function decodePoint(bytes, name = 'point') {
  if (!(bytes instanceof Uint8Array) || bytes.length !== POINT_LENGTH) {
    fail(Reason.BAD_ENCODING, `${name} must be ${POINT_LENGTH} bytes`);
  }
  if (bytes[0] !== 0x04) fail(Reason.BAD_ENCODING, `${name} must be uncompressed (04||X||Y)`);
  const x = bytesToNumber(bytes.subarray(1, 33));
  const y = bytesToNumber(bytes.subarray(33, 65));
  if (x >= CURVE.p || y >= CURVE.p) fail(Reason.BAD_ENCODING, `${name} has a coordinate not below p`);
  const point = Point.fromAffine({ x, y });
  try {
    point.assertValidity();
  } catch {
    fail(Reason.POINT_NOT_ON_CURVE, `${name} is not on sm2p256v1`);
  }
  return point;
}

function checkPoint(point, name) {
  if (point.is0()) fail(Reason.POINT_AT_INFINITY, `${name} is the point at infinity`);
  try {
    point.assertValidity();
  } catch {
    fail(Reason.POINT_NOT_ON_CURVE, `${name} is not on sm2p256v1`);
  }
  return point;
}

/** 04||X||Y of a point (refuses infinity). */
export function encodePoint(point) {
  return checkPoint(point, 'point').toBytes(false);
}

function expectMessage(bytes, type, length, name) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    fail(Reason.BAD_ENCODING, `${name} must be exactly ${length} bytes`);
  }
  if (bytes[0] !== type) fail(Reason.BAD_ENCODING, `${name} has the wrong message type`);
}

/** e = SM3(Z_A || M) with the default ID 1234567812345678 and the joint public key (04||X||Y bytes). */
export function digest(publicKey, message) {
  decodePoint(publicKey, 'public key');
  return fromHex(sm2.getHash(message, toHex(publicKey)));
}

/** DER SEQUENCE { r INTEGER, s INTEGER } (both < 2^256, so every length fits one byte). */
function derSignature(r, s) {
  const integer = (k) => {
    let bytes = numberTo32(k);
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    bytes = bytes.subarray(i);
    if (bytes[0] & 0x80) bytes = concat(Uint8Array.of(0), bytes);
    return concat(Uint8Array.of(0x02, bytes.length), bytes);
  };
  const body = concat(integer(r), integer(s));
  return concat(Uint8Array.of(0x30, body.length), body);
}

// ---- the device share ---------------------------------------------------------------------------------------------

/** The device share d1 with the joint public key. `d1` stays in a private field; toJSON shows only the key. */
export class ClientShare {
  #d1;

  constructor(d1, publicKey) {
    this.#d1 = checkScalar(d1, 'd1');
    this.publicKey = encodePoint(decodePoint(asBytes(publicKey, 'publicKey'), 'P'));
    Object.freeze(this);
  }

  /** d1 as 32 bytes, only to seal it right away. */
  exportForSealing() {
    return numberTo32(this.#d1);
  }

  /** @internal */
  _d1() {
    return this.#d1;
  }

  toJSON() {
    return { publicKey: toHex(this.publicKey) };
  }
}

// ---- the client (CollabClient) --------------------------------------------------------------------------------------

/**
 * A client. `randomBytes(n)` defaults to crypto.getRandomValues; tests inject fixed bytes. d1 and k1 are each drawn
 * as 32 bytes (see randomScalar), exactly like crypto-core.
 */
export function createClient({ randomBytes = defaultRandomBytes } = {}) {
  return {
    /** Starts key generation: draws d1; request() is 0x01 || P1 with P1 = [d1^-1]G. */
    startKeygen() {
      let d1 = randomScalar(randomBytes);
      const request = concat(Uint8Array.of(KEYGEN_REQUEST), G.multiply(Fn.inv(d1)).toBytes(false));
      let finished = false;
      return {
        request: () => request.slice(),
        /** Checks P, P2 (on the curve, not infinity) and P == [d1^-1]P2 - G; returns the device share. */
        finish(response) {
          if (finished) fail(Reason.ALREADY_USED, 'key generation already finished');
          finished = true;
          const share = d1;
          d1 = undefined;
          const bytes = asBytes(response, 'response');
          expectMessage(bytes, KEYGEN_RESPONSE, 1 + 2 * POINT_LENGTH, 'key generation response');
          const p = decodePoint(bytes.subarray(1, 66), 'P');
          const p2 = decodePoint(bytes.subarray(66, 131), 'P2');
          const expected = p2.multiply(Fn.inv(share)).subtract(G);
          if (expected.is0() || !expected.equals(p)) fail(Reason.PEER_KEY_MISMATCH, 'P is not [1/d1]P2 - G');
          return new ClientShare(share, p.toBytes(false));
        },
      };
    },

    /**
     * Starts one signature over `message` (bytes) for the server session `sessionId` (16 bytes or 32 hex digits):
     * e = SM3(Z_A || M), fresh k1, request() is 0x03 || session id || Q1 || e.
     */
    startSigning(share, sessionId, message) {
      const session = asBytes(sessionId, 'sessionId');
      if (session.length !== SESSION_LENGTH) fail(Reason.BAD_ENCODING, 'session id must be 16 bytes');
      const msg = asBytes(message, 'message').slice();
      const e = digest(share.publicKey, msg);
      let k1 = randomScalar(randomBytes);
      const request = concat(Uint8Array.of(SIGN_REQUEST), session, G.multiply(k1).toBytes(false), e);
      let finished = false;
      return {
        request: () => request.slice(),
        e: () => e.slice(),
        /**
         * From 0x04 || session id || r || s2 || s3 (all in [1, n-1]; s2 = 0 would leak d1) computes
         * s = (d1*k1)*s2 + d1*s3 - r, refuses s in {0, n-r} (retry with a new session), verifies (r, s) under P
         * with sm-crypto-v2 and returns {r, s, der, plain}. k1 is forgotten whatever happens.
         */
        finish(response) {
          if (finished) fail(Reason.ALREADY_USED, 'this signing round already finished');
          finished = true;
          const nonce = k1;
          k1 = undefined;
          const bytes = asBytes(response, 'response');
          expectMessage(bytes, SIGN_RESPONSE, 1 + SESSION_LENGTH + 3 * SCALAR_LENGTH, 'sign response');
          if (toHex(bytes.subarray(1, 17)) !== toHex(session)) {
            fail(Reason.SESSION_UNKNOWN_OR_USED, 'answer for another session');
          }
          const r = decodeScalar(bytes, 17, 'r');
          const s2 = decodeScalar(bytes, 49, 's2');
          const s3 = decodeScalar(bytes, 81, 's3');
          const d1 = share._d1();
          const s = Fn.sub(Fn.add(Fn.mul(Fn.mul(d1, nonce), s2), Fn.mul(d1, s3)), r);
          if (s === 0n || Fn.add(s, r) === 0n) fail(Reason.RETRY_WITH_FRESH_NONCE, 'degenerate s; sign again');
          const plain = concat(numberTo32(r), numberTo32(s));
          let valid = false;
          try {
            valid = sm2.doVerifySignature(msg, toHex(plain), toHex(share.publicKey), { hash: true });
          } catch {
            valid = false;
          }
          if (!valid) fail(Reason.SIGNATURE_INVALID, 'the joint signature does not verify under the public key');
          return { r, s, plain, der: derSignature(r, s) };
        },
      };
    },
  };
}

// ---- the sealed share (DeviceShareSeal) --------------------------------------------------------------------------

const SEAL_MAGIC = utf8('MSDS');
const SEAL_VERSION = 1;
const SEAL_LENGTH = 150;
const SEAL_HEADER = 4 + 1 + 4 + 16 + 12 + POINT_LENGTH;
/** Iterations for new seals; fewer are refused (as in crypto-core). */
export const DEFAULT_ITERATIONS = 100000;
const MIN_ITERATIONS = 100000;
const MAX_ITERATIONS = 10000000;
const PEPPER_LENGTH = 32;

// noble-hashes' hmac/pbkdf2 take a hash "constructor": a function with create(), outputLen and blockLen. This one
// buffers the input and hashes it with sm-crypto-v2's SM3 on digest (messages here are at most a few blocks).
class Sm3Buffered {
  constructor() {
    this.blockLen = 64;
    this.outputLen = 32;
    this.canXOF = false;
    this.finished = false;
    this.destroyed = false;
    this.chunks = [];
  }

  update(data) {
    this.chunks.push(data.slice());
    return this;
  }

  digestInto(out) {
    this.finished = true;
    sm3Into(this.chunks.length === 1 ? this.chunks[0] : concat(...this.chunks), out);
  }

  digest() {
    const out = new Uint8Array(32);
    this.digestInto(out);
    return out;
  }

  _cloneInto(to) {
    const target = to || new Sm3Buffered();
    target.chunks = this.chunks.slice();
    target.finished = this.finished;
    target.destroyed = this.destroyed;
    return target;
  }

  clone() {
    return this._cloneInto();
  }

  destroy() {
    this.destroyed = true;
    this.chunks = [];
  }
}
/** SM3 in noble-hashes' hash shape (for hmac and pbkdf2). */
export const sm3Hash = Object.assign((message) => fromHex(sm3(message)), {
  create: () => new Sm3Buffered(),
  outputLen: 32,
  blockLen: 64,
});

/** PBKDF2-HMAC-SM3(password = pepper || UTF-8(PIN), salt, iterations) -> 16-byte SM4 key. */
export function deriveSealKey(pin, pepper, salt, iterations) {
  if (typeof pin !== 'string' || pin.length === 0) throw new TypeError('a PIN is required');
  const pep = asBytes(pepper, 'pepper');
  if (pep.length !== PEPPER_LENGTH) throw new TypeError(`the pepper must be ${PEPPER_LENGTH} bytes`);
  return pbkdf2(sm3Hash, concat(pep, utf8(pin)), asBytes(salt, 'salt'), { c: iterations, dkLen: 16 });
}

/**
 * Seals the share: "MSDS" | 0x01 | iterations (u32 BE) | salt (16) | nonce (12) | P (65) | SM4-GCM(d1) (32) |
 * tag (16); header and P are the associated data. Same bytes as crypto-core's DeviceShareSeal.
 */
export function sealShare(share, pin, pepper, { iterations = DEFAULT_ITERATIONS, randomBytes = defaultRandomBytes } = {}) {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be in [${MIN_ITERATIONS}, ${MAX_ITERATIONS}]`);
  }
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const count = new Uint8Array(4);
  new DataView(count.buffer).setUint32(0, iterations, false);
  const header = concat(SEAL_MAGIC, Uint8Array.of(SEAL_VERSION), count, salt, nonce, share.publicKey);
  const key = deriveSealKey(pin, pepper, salt, iterations);
  const secret = share.exportForSealing();
  const { output, tag } = sm4.encrypt(secret, key, {
    mode: 'gcm', iv: nonce, associatedData: header, output: 'array', outputTag: true, padding: 'none',
  });
  key.fill(0);
  secret.fill(0);
  return concat(header, output, tag);
}

/** Opens a sealed share; a wrong PIN, wrong pepper or changed bytes is CollabError(WRONG_PASSWORD). */
export function openShare(sealed, pin, pepper) {
  const bytes = asBytes(sealed, 'sealed');
  if (bytes.length !== SEAL_LENGTH || toHex(bytes.subarray(0, 4)) !== toHex(SEAL_MAGIC) || bytes[4] !== SEAL_VERSION) {
    fail(Reason.BAD_ENCODING, `not a sealed device share (version 1, ${SEAL_LENGTH} bytes)`);
  }
  const iterations = new DataView(bytes.buffer, bytes.byteOffset + 5, 4).getUint32(0, false);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    fail(Reason.BAD_ENCODING, 'sealed device share has an unacceptable iteration count');
  }
  const salt = bytes.slice(9, 25);
  const nonce = bytes.slice(25, 37);
  const publicKey = bytes.slice(37, SEAL_HEADER);
  const key = deriveSealKey(pin, pepper, salt, iterations);
  let d1;
  try {
    // the tag MUST be passed: sm-crypto-v2 skips authentication when decrypting GCM without one
    d1 = sm4.decrypt(bytes.slice(SEAL_HEADER, SEAL_HEADER + 32), key, {
      mode: 'gcm', iv: nonce, associatedData: bytes.slice(0, SEAL_HEADER), tag: bytes.slice(SEAL_HEADER + 32),
      output: 'array', padding: 'none',
    });
  } catch {
    fail(Reason.WRONG_PASSWORD, 'device share: wrong PIN or pepper, or modified data');
  } finally {
    key.fill(0);
  }
  const share = new ClientShare(decodeScalar(d1, 0, 'd1'), publicKey);
  d1.fill(0);
  return share;
}
