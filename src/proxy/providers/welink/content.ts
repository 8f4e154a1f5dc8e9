/**
 * Welink `content` codec (spec 4.1.4): Base64(gzip?(3DES?(UTF-8 JSON))). 3DES is DESede/ECB/PKCS5
 * keyed with the first 24 characters of the SecretKey as UTF-8 bytes, as the public Java integrations
 * use it. Decoding runs the other way: base64 → gunzip → decrypt.
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import { crc32, gzipSync } from 'node:zlib';
import { gunzipSync as inflateGzip, gzipSync as storeGzip } from 'fflate';
import { parseLongSafe, stringifyLongSafe } from './long-json.js';

export interface ContentFlags {
  encrypt: boolean;
  gzip: boolean;
}

export class WelinkContentError extends Error {
  override name = 'WelinkContentError';
}

const BLOCK = 8;

/**
 * One long-lived DESede/ECB cipher pair per key. ECB carries nothing from one block to the next, so
 * a cipher fed whole blocks gives each call exactly what a fresh one would; creating a fresh one per
 * call (OpenSSL looking the algorithm up again) cost more than encrypting a bill. OpenSSL's padding
 * would hold state between calls, so PKCS5 padding is added and checked here instead.
 */
class TripleDesEcb {
  private readonly encryptor: Cipher;
  private readonly decryptor: Decipher;

  constructor(key: Buffer) {
    this.encryptor = createCipheriv('des-ede3', key, null).setAutoPadding(false);
    this.decryptor = createDecipheriv('des-ede3', key, null).setAutoPadding(false);
  }

  encrypt(plain: Buffer): Buffer {
    const padding = BLOCK - (plain.length % BLOCK);
    const padded = Buffer.allocUnsafe(plain.length + padding);
    plain.copy(padded);
    padded.fill(padding, plain.length);
    return this.encryptor.update(padded);
  }

  decrypt(sealed: Buffer): Buffer {
    if (sealed.length === 0 || sealed.length % BLOCK !== 0) throw new WelinkContentError(`3DES content of ${sealed.length} bytes is not whole 8-byte blocks`);
    const plain = this.decryptor.update(sealed);
    const padding = plain[plain.length - 1]!;
    if (padding < 1 || padding > BLOCK || plain.subarray(plain.length - padding).some((byte) => byte !== padding)) {
      throw new WelinkContentError('3DES content has bad padding: wrong key or damaged content');
    }
    return plain.subarray(0, plain.length - padding);
  }
}

const ciphers = new Map<string, TripleDesEcb>();

function tripleDes(secretKey: string): TripleDesEcb {
  let cipher = ciphers.get(secretKey);
  if (!cipher) {
    const key = Buffer.from(secretKey.slice(0, 24), 'utf8');
    if (key.length !== 24) throw new WelinkContentError('3DES needs a SecretKey of at least 24 characters');
    cipher = new TripleDesEcb(key);
    ciphers.set(secretKey, cipher);
  }
  return cipher;
}

/**
 * Content is a few hundred bytes, for which building a node:zlib stream (a Transform and a native
 * handle per call) costs several times the inflating: fflate does small buffers in plain JS.
 *
 * The 3DES of a request (a plate, a token, an amount) leaves deflate nothing to find, so encrypted
 * content goes as stored blocks, within bytes of the compressed size. Plain JSON is compressed, by
 * node:zlib, which is the faster of the two at it.
 */
function gzip(bytes: Buffer, encrypted: boolean): Buffer {
  return encrypted ? asBuffer(storeGzip(bytes, { level: 0 })) : gzipSync(bytes);
}

/** fflate answers Uint8Arrays; a Buffer over the same memory saves copying them. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** Far beyond any bill, far below what a hostile length field could make the proxy allocate. */
const MAX_CONTENT_BYTES = 4 * 1024 * 1024;

/**
 * fflate sizes its output by the gzip trailer and does not check the CRC, so both are checked
 * here: the length before anything is allocated, the CRC-32 of what came out after.
 */
function gunzip(bytes: Buffer): Buffer {
  if (bytes.length < 18) throw new WelinkContentError('gzip content is shorter than its header and trailer');
  const declaredLength = bytes.readUInt32LE(bytes.length - 4);
  if (declaredLength > MAX_CONTENT_BYTES) throw new WelinkContentError(`gzip content declares ${declaredLength} bytes, more than ${MAX_CONTENT_BYTES}`);
  const out = inflateGzip(bytes, { out: new Uint8Array(declaredLength) });
  if (out.length !== declaredLength || crc32(out) !== bytes.readUInt32LE(bytes.length - 8)) {
    throw new WelinkContentError('gzip content fails its length or CRC-32 check');
  }
  return asBuffer(out);
}

export function encodeWelinkContent(payload: unknown, secretKey: string, flags: ContentFlags): string {
  let bytes: Buffer = Buffer.from(stringifyLongSafe(payload), 'utf8');
  if (flags.encrypt) bytes = tripleDes(secretKey).encrypt(bytes);
  if (flags.gzip) bytes = gzip(bytes, flags.encrypt);
  return bytes.toString('base64');
}

/** Decodes `content` to the parsed JSON value; an empty content is `null` (calls without business data). */
export function decodeWelinkContent(content: string, secretKey: string, flags: ContentFlags): unknown {
  if (content === '') return null;
  try {
    let bytes: Buffer = Buffer.from(content, 'base64');
    if (flags.gzip) bytes = gunzip(bytes);
    if (flags.encrypt) bytes = tripleDes(secretKey).decrypt(bytes);
    const text = bytes.toString('utf8');
    return text === '' ? null : parseLongSafe(text);
  } catch (cause) {
    throw new WelinkContentError(`cannot decode Welink content: ${(cause as Error).message}`, { cause });
  }
}
