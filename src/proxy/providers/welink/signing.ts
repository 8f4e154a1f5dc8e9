/**
 * Welink request signing (spec 4.2): Base64(HMAC-SHA1(UTF-8 SecretKey, msg)) where msg is every
 * parameter but Signature, empty values left out, sorted by name in code-unit order, `name=value`
 * with raw (not URL-encoded) values joined by `&`, and underscores in names written as dots.
 */
import { createHmac } from 'node:crypto';

export type WelinkParams = Readonly<Record<string, string>>;

export function welinkSigningString(params: WelinkParams): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature' && params[name] !== '' && params[name] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name.replaceAll('_', '.')}=${params[name]}`)
    .join('&');
}

export function welinkSignature(secretKey: string, params: WelinkParams): string {
  return createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(welinkSigningString(params), 'utf8').digest('base64');
}
