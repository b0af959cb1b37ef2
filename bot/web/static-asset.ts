import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

export type StaticAsset = { body: Buffer; gzipped: Buffer; etag: string; type: string; cacheControl: string };

export function createAsset(body: Buffer | string, type: string, cacheControl: string): StaticAsset {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const etag = `"${createHash('sha256').update(buffer).digest('base64url').slice(0, 20)}"`;
  // Level 9 once at boot: the files are served many times and never change while the server runs.
  return { body: buffer, gzipped: gzipSync(buffer, { level: 9 }), etag, type, cacheControl };
}

/** Sends the asset gzipped when the browser accepts it, and 304 when the browser already has it. */
export function sendAsset(req: Request, res: Response, asset: StaticAsset): void {
  res.set({ 'Content-Type': asset.type, 'Cache-Control': asset.cacheControl, ETag: asset.etag, Vary: 'Accept-Encoding' });
  if (req.get('if-none-match') === asset.etag) {
    res.status(304).end();
    return;
  }
  const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '');
  if (gzip) res.set('Content-Encoding', 'gzip');
  res.send(gzip ? asset.gzipped : asset.body);
}
