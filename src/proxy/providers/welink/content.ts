/**
 * Welink `content` codec (spec 4.1.4): Base64(gzip?(3DES?(UTF-8 JSON))). 3DES is DESede/ECB/PKCS5
 * keyed with the first 24 characters of the SecretKey as UTF-8 bytes, as the public Java integrations
 * use it. Decoding runs the other way: base64 → gunzip → decrypt.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseLongSafe, stringifyLongSafe } from './long-json.js';

export interface ContentFlags {
  encrypt: boolean;
  gzip: boolean;
}

export class WelinkContentError extends Error {
  override name = 'WelinkContentError';
}

function tripleDesKey(secretKey: string): Buffer {
  const key = Buffer.from(secretKey.slice(0, 24), 'utf8');
  if (key.length !== 24) throw new WelinkContentError('3DES needs a SecretKey of at least 24 characters');
  return key;
}

export function encodeWelinkContent(payload: unknown, secretKey: string, flags: ContentFlags): string {
  let bytes: Buffer = Buffer.from(stringifyLongSafe(payload), 'utf8');
  if (flags.encrypt) {
    const cipher = createCipheriv('des-ede3', tripleDesKey(secretKey), null);
    bytes = Buffer.concat([cipher.update(bytes), cipher.final()]);
  }
  if (flags.gzip) bytes = gzipSync(bytes);
  return bytes.toString('base64');
}

/** Decodes `content` to the parsed JSON value; an empty content is `null` (calls without business data). */
export function decodeWelinkContent(content: string, secretKey: string, flags: ContentFlags): unknown {
  if (content === '') return null;
  try {
    let bytes: Buffer = Buffer.from(content, 'base64');
    if (flags.gzip) bytes = gunzipSync(bytes);
    if (flags.encrypt) {
      const decipher = createDecipheriv('des-ede3', tripleDesKey(secretKey), null);
      bytes = Buffer.concat([decipher.update(bytes), decipher.final()]);
    }
    const text = bytes.toString('utf8');
    return text === '' ? null : parseLongSafe(text);
  } catch (cause) {
    throw new WelinkContentError(`cannot decode Welink content: ${(cause as Error).message}`, { cause });
  }
}
