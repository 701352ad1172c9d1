/**
 * Rate limits and blocking (rate-limiter-flexible). Every request is counted per client address and, once
 * authenticated, per principal; routes that act (`ApiRoute.audit`) also count against a stricter limit. Over a
 * limit: 429 `rate_limited` with `Retry-After`. Authentication failures and rate-limit hits are abuse: after
 * `blocking.after` of them within `blocking.windowMs` the client address is blocked for `blocking.durationMs`
 * (403 `client_blocked` on every route), which is audited, listed and lifted by an admin. Every rejection is counted in
 * `tenant_orchestrator_api_rate_limit_rejections_total{reason}`.
 *
 * With `rateLimit.store = sqlite` the counters live in a SQLite file next to the store, so every API process on the
 * host shares them; blocks always live in the Brain store.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Context } from 'hono';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import { countRateLimitRejection } from '../../activities/prometheus-metrics';
import type { BrainStore } from '../../store/port';
import type { AppConfig } from '../../common/config';
import type { AuditRecorder } from './audit-recorder';
import type { ApiEnv } from './env';
import { ApiError } from './http-errors';

export interface AbuseGuard {
  /** 403 `client_blocked` when the client address is blocked now. */
  rejectBlocked(c: Context<ApiEnv>): Promise<void>;
  /** Counts one request (or one action) of the client or of its principal; 429 over the limit. */
  limit(c: Context<ApiEnv>, key: 'client' | 'principal', counter: 'requests' | 'actions'): Promise<void>;
  /** Counts one abusive event (authentication failure, rejected signature, quota hit) of the client. */
  noteAbuse(c: Context<ApiEnv>, reason: string): Promise<void>;
  close(): void;
}

const MINUTE_S = 60;
const NOT_BLOCKED_CACHE_MS = 1_000;
const NOT_BLOCKED_CACHE_SIZE = 10_000;

export function createAbuseGuard(
  config: Pick<AppConfig, 'api' | 'dataDir'>,
  store: BrainStore,
  audit: AuditRecorder,
  now: () => Date,
): AbuseGuard {
  const { rateLimit, blocking } = config.api;
  const db = rateLimit.store === 'sqlite' ? new BetterSqlite3(join(config.dataDir, 'rate-limits.sqlite')) : undefined;
  if (db) db.pragma('journal_mode = WAL');
  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
    db
      ? new RateLimiterSQLite({
          storeClient: db,
          storeType: 'better-sqlite3',
          tableName: 'rate_limits',
          keyPrefix,
          points,
          duration,
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
  const requests = limiter('requests', rateLimit.perMinute, MINUTE_S);
  const actions = limiter('actions', rateLimit.actionsPerMinute, MINUTE_S);
  const abuse = limiter('abuse', blocking.after, Math.max(1, Math.ceil(blocking.windowMs / 1000)));

  // Clients found not blocked, until when (ms): saves a store read per request. A block made here clears the entry;
  // one made by another API process is seen within NOT_BLOCKED_CACHE_MS. Blocked clients are always re-read, so a
  // lift takes effect at once.
  const notBlockedUntil = new Map<string, number>();

  async function block(c: Context<ApiEnv>, client: string, reason: string): Promise<void> {
    notBlockedUntil.delete(client);
    const blockedAt = now();
    const until = new Date(blockedAt.getTime() + blocking.durationMs).toISOString();
    await store.blockClient({ client, reason, blockedAt: blockedAt.toISOString(), until, blockedBy: 'system' });
    await audit(c, { action: 'client.block', target: client, outcome: 'ok', detail: { reason, until } });
    c.get('log').warn('client blocked', { client, reason, until });
  }

  async function noteAbuse(c: Context<ApiEnv>, reason: string): Promise<void> {
    const client = c.get('clientAddress');
    try {
      await abuse.consume(client);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      // Only the event that crosses the threshold blocks; later ones find the block already in force.
      if (err.consumedPoints === blocking.after + 1) await block(c, client, `${blocking.after} × ${reason}`);
    }
  }

  return {
    async rejectBlocked(c) {
      const client = c.get('clientAddress');
      const at = now();
      if ((notBlockedUntil.get(client) ?? 0) > at.getTime()) return;
      const active = await store.getActiveBlock(client, at.toISOString());
      if (!active) {
        if (notBlockedUntil.size >= NOT_BLOCKED_CACHE_SIZE) notBlockedUntil.clear();
        notBlockedUntil.set(client, at.getTime() + NOT_BLOCKED_CACHE_MS);
        return;
      }
      countRateLimitRejection('client_blocked');
      const seconds = Math.max(1, Math.ceil((Date.parse(active.until) - now().getTime()) / 1000));
      c.header('Retry-After', String(seconds));
      throw new ApiError(
        'client_blocked',
        `This client is blocked until ${active.until} (${active.reason}); an admin can lift the block`,
      );
    },

    async limit(c, key, counter) {
      const id = key === 'client' ? `client:${c.get('clientAddress')}` : `principal:${c.get('principal')?.name}`;
      try {
        await (counter === 'actions' ? actions : requests).consume(id);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        countRateLimitRejection(`${key}_${counter}`);
        c.header('Retry-After', String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))));
        await noteAbuse(c, 'rate limit');
        throw new ApiError('rate_limited', `Too many requests from this ${key}; retry after the Retry-After delay`);
      }
    },

    noteAbuse,

    close() {
      db?.close();
    },
  };
}

/** The client's address: the socket peer (a proxy in front must be trusted to keep clients apart: README). */
export function clientAddressOf(c: Context<ApiEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
