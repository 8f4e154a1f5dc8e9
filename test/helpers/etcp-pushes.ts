/**
 * Sending ETCP pushes to a running proxy the way ETCP does, as JSON or as a URL-encoded form, with
 * Beijing times and signments written out independently of the proxy's own code.
 */
import { createHash } from 'node:crypto';

/** Beijing wall clock, written out independently of src/core/time.ts. */
export function beijing(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const md5Upper = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();

export interface PushAnswer {
  status: number;
  body: { code: number; message: string };
}

/** Posts pushes to `/callbacks/etcp/{lotId}/{kind}` of the proxy at `baseUrl()`. */
export function etcpPushSender(baseUrl: () => string, lotId: string) {
  const post = async (kind: string, body: string, contentType: string): Promise<PushAnswer> => {
    const response = await fetch(`${baseUrl()}/callbacks/etcp/${lotId}/${kind}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as PushAnswer['body'] };
  };
  return {
    post,
    postJson: (kind: string, push: unknown) => post(kind, JSON.stringify(push), 'application/json'),
    postForm: (kind: string, fields: Record<string, unknown>) =>
      post(kind, new URLSearchParams(Object.entries(fields).map(([name, value]) => [name, String(value)])).toString(), 'application/x-www-form-urlencoded; charset=utf-8'),
  };
}
