/**
 * The Pages direct-upload protocol as wrangler speaks it (workers-sdk `src/pages/upload.ts`): an upload token per
 * project, then `/pages/assets/check-missing`, `/pages/assets/upload` (base64 files keyed by their hash) and
 * `/pages/assets/upsert-hashes`, all authenticated by that token (`Authorization: Bearer <jwt>`, else 401 code
 * 8000013, which wrangler answers by fetching a new token). Assets are kept per project: a deployment's manifest
 * may only name hashes uploaded to its project ({@link missingManifestHashes}).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { authToken, param, readJsonBody } from '../http';
import { operation, type SandboxEnv, type SandboxHandler } from '../operation';
import { CF_CODES, cfError, cfSuccess, cloudflareFaultResponse, projectNotFound } from './cloudflare-envelope';
import { issueUploadJwt, verifyUploadJwt, type UploadClaims } from './cloudflare-upload-jwt';

/** Wrangler's hash: 32 hex characters of a BLAKE3 digest. */
const HASH = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters');
const HashesBody = z.object({ hashes: z.array(HASH) });
const UploadBody = z
  .array(
    z.object({
      key: HASH,
      value: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      metadata: z.object({ contentType: z.string().min(1) }),
      base64: z.literal(true),
    }),
  )
  .max(5000);

/** The hashes uploaded to `projectName`'s asset store. */
function uploadedHashes(ctx: SandboxContext, projectName: string): Set<string> {
  return new Set(ctx.state.data.cloudflare.assets.filter((a) => a.projectName === projectName).map((a) => a.hash));
}

/** The hashes of `manifest` never uploaded to `projectName`. */
export function missingManifestHashes(
  ctx: SandboxContext,
  projectName: string,
  manifest: Record<string, string>,
): string[] {
  const uploaded = uploadedHashes(ctx, projectName);
  return [...new Set(Object.values(manifest))].filter((hash) => !uploaded.has(hash));
}

/** The upload-token route (under `/accounts/:accountId/pages/projects`) and the `/pages/assets/*` routes. */
export function registerPagesAssetRoutes(app: Hono<SandboxEnv>, ctx: SandboxContext): void {
  const cf = () => ctx.state.data.cloudflare;
  const op = (name: string, handler: SandboxHandler) =>
    operation(ctx, 'cloudflare', name, cloudflareFaultResponse, handler);

  app.get(
    '/accounts/:accountId/pages/projects/:name/upload-token',
    op('getUploadToken', (c) => {
      const name = param(c, 'name');
      if (!cf().projects.some((p) => p.name === name)) return projectNotFound();
      return cfSuccess({ jwt: issueUploadJwt(ctx, param(c, 'accountId'), name) });
    }),
  );

  /** The token's claims, or the 401 Cloudflare answers to a missing, forged or expired one. */
  const claimsOf = (c: Context<SandboxEnv>): UploadClaims | Response => {
    const token = authToken(c, 'Bearer');
    const claims = token ? verifyUploadJwt(ctx, token) : undefined;
    return claims ?? cfError(401, CF_CODES.uploadUnauthorized, 'Authorization failed: invalid or expired upload JWT');
  };

  /** A route over `{hashes}` with the upload JWT: 401 without a valid one, 400 for a bad body. */
  const hashesRoute = (name: string, handle: (claims: UploadClaims, hashes: string[]) => Response) =>
    op(name, async (c) => {
      const claims = claimsOf(c);
      if (claims instanceof Response) return claims;
      const body = await readJsonBody(c, HashesBody);
      return body.ok ? handle(claims, body.value.hashes) : cfError(400, CF_CODES.unknown, body.message);
    });

  app.post(
    '/pages/assets/check-missing',
    hashesRoute('checkMissingAssets', (claims, hashes) => {
      const uploaded = uploadedHashes(ctx, claims.project_name);
      return cfSuccess([...new Set(hashes)].filter((h) => !uploaded.has(h)));
    }),
  );

  app.post(
    '/pages/assets/upload',
    op('uploadAssets', async (c) => {
      const claims = claimsOf(c);
      if (claims instanceof Response) return claims;
      const body = await readJsonBody(c, UploadBody);
      if (!body.ok) return cfError(400, CF_CODES.unknown, body.message);
      const projectName = claims.project_name;
      for (const file of body.value) {
        const existing = cf().assets.find((a) => a.projectName === projectName && a.hash === file.key);
        if (existing) continue;
        cf().assets.push({ projectName, hash: file.key, contentType: file.metadata.contentType, base64: file.value });
      }
      ctx.state.commit();
      return cfSuccess(null);
    }),
  );

  app.post(
    '/pages/assets/upsert-hashes',
    hashesRoute('upsertAssetHashes', () => cfSuccess(null)),
  );
}
