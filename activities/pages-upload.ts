/**
 * The Pages direct-upload protocol, as wrangler runs it (workers-sdk `src/pages/upload.ts`, `src/pages/hash.ts`):
 * an upload token for the project, `check-missing` with every file's hash, `upload` of the missing files (base64,
 * in buckets), `upsert-hashes`, and the manifest (`/path` → hash) that the deployment is then created with. Every
 * call goes through the official `cloudflare` SDK; the asset calls authenticate with the upload JWT instead of the
 * API token. A rejected token (401, code 8000013) is replaced once, as wrangler does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { hash as blake3 } from 'blake3-wasm';
import type { CallScope } from './call-context';
import type { ActivityDeps } from './deps';
import { providerCall } from './provider-call';

/** One file of a site: its path in the site (`index.html`, `assets/app.js`), bytes and content type. */
export interface SiteFile {
  path: string;
  content: Buffer;
  contentType: string;
}

/** The folder of the tenant frontend template (see tenant-frontend/README.md). */
export const TENANT_FRONTEND_DIR = resolve(__dirname, '../tenant-frontend/site');
/** The placeholder in the template that becomes the tenant's Convex deployment URL. */
export const CONVEX_URL_PLACEHOLDER = '__CONVEX_URL__';

/** Wrangler's upload limits: buckets of at most 50 MiB and 5000 files. */
const MAX_BUCKET_BYTES = 50 * 1024 * 1024;
const MAX_BUCKET_FILES = 5000;
/** Wrangler's code for an invalid or expired upload JWT. */
const UPLOAD_JWT_REJECTED = 8000013;

/** The content types wrangler's `mime` lookup gives the files a static site holds; others are octet-stream. */
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/vnd.microsoft.icon',
  txt: 'text/plain',
  woff2: 'font/woff2',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** Wrangler's asset hash: BLAKE3 of the base64 content followed by the extension, first 32 hex characters. */
export function pagesAssetHash(file: Pick<SiteFile, 'path' | 'content'>): string {
  return blake3(file.content.toString('base64') + extname(file.path).slice(1))
    .toString('hex')
    .slice(0, 32);
}

function walk(dir: string, root: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, root);
    return entry.isFile() ? [relative(root, full).split(sep).join('/')] : [];
  });
}

/** The tenant frontend's files, with the Convex URL put in place of {@link CONVEX_URL_PLACEHOLDER}. */
export function tenantFrontendFiles(convexUrl: string, dir: string = TENANT_FRONTEND_DIR): SiteFile[] {
  return walk(dir)
    .sort()
    .map((path) => {
      const raw = readFileSync(join(dir, path));
      const contentType = contentTypeOf(path);
      const content = contentType.startsWith('text/')
        ? Buffer.from(raw.toString('utf8').split(CONVEX_URL_PLACEHOLDER).join(convexUrl))
        : raw;
      return { path, content, contentType };
    });
}

/** Files in buckets of at most 50 MiB and 5000 files, largest first (as wrangler packs them). */
function buckets(files: SiteFile[]): SiteFile[][] {
  const result: { files: SiteFile[]; bytes: number }[] = [];
  for (const file of [...files].sort((a, b) => b.content.length - a.content.length)) {
    const fits = result.find(
      (b) => b.bytes + file.content.length <= MAX_BUCKET_BYTES && b.files.length < MAX_BUCKET_FILES,
    );
    if (fits) {
      fits.files.push(file);
      fits.bytes += file.content.length;
    } else {
      result.push({ files: [file], bytes: file.content.length });
    }
  }
  return result.map((b) => b.files);
}

function isJwtRejected(err: unknown): boolean {
  const errors = (err as { status?: number; errors?: { code?: number }[] } | null)?.errors;
  return Array.isArray(errors) && errors.some((e) => e?.code === UPLOAD_JWT_REJECTED);
}

/**
 * Uploads `files` to the project's asset store and returns the deployment manifest. Files the store already has
 * (by hash) are not sent again, so a retried activity uploads only what is still missing.
 */
export async function uploadPagesAssets(
  deps: ActivityDeps,
  scope: CallScope,
  projectName: string,
  files: SiteFile[],
): Promise<Record<string, string>> {
  const cf = deps.providers.cloudflare;
  const accountId = deps.config.providers.cloudflare.accountId;
  const hashed = files.map((file) => ({ file, hash: pagesAssetHash(file) }));
  const hashes = [...new Set(hashed.map((h) => h.hash))];
  const fetchJwt = async () =>
    (
      await providerCall(scope, 'cloudflare', 'getUploadToken', () =>
        cf.pages.projects.getUploadToken(projectName, { account_id: accountId }),
      )
    ).jwt ?? '';
  let jwt = await fetchJwt();
  /** Runs `call` with the upload JWT, once more with a fresh token if the first one is rejected. */
  const withJwt = async <T>(operation: string, call: (headers: { Authorization: string }) => Promise<T>) => {
    try {
      return await providerCall(scope, 'cloudflare', operation, () => call({ Authorization: `Bearer ${jwt}` }));
    } catch (err) {
      if (!isJwtRejected(err)) throw err;
      jwt = await fetchJwt();
      return providerCall(scope, 'cloudflare', operation, () => call({ Authorization: `Bearer ${jwt}` }));
    }
  };
  const missing = new Set(
    await withJwt('checkMissingAssets', async (headers) => {
      const page = await cf.pages.assets.checkMissing({ hashes }, { headers });
      return page.getPaginatedItems();
    }),
  );
  const toUpload = hashed.filter((h, i) => missing.has(h.hash) && hashed.findIndex((o) => o.hash === h.hash) === i);
  for (const bucket of buckets(toUpload.map((h) => h.file))) {
    const body = bucket.map((file) => ({
      key: pagesAssetHash(file),
      value: file.content.toString('base64'),
      metadata: { contentType: file.contentType },
      base64: true,
    }));
    await withJwt('uploadAssets', (headers) => cf.pages.assets.upload({ body }, { headers }));
  }
  await withJwt('upsertAssetHashes', (headers) => cf.pages.assets.upsertHashes({ hashes }, { headers }));
  scope.logger.info('uploaded pages assets', { projectName, files: files.length, uploaded: toUpload.length });
  return Object.fromEntries(hashed.map(({ file, hash }) => [`/${file.path}`, hash]));
}
