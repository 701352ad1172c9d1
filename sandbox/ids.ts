/**
 * Identifier formats of the emulated providers, so clients that parse or validate IDs behave as in production:
 * WorkOS `org_` + 26 uppercase alphanumerics, Convex `adjective-animal-123` deployment names and `prod:<name>|…`
 * deploy keys, Cloudflare UUIDs and 8-hex short IDs, SendGrid message IDs.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const UPPER_ALNUM = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const ADJECTIVES = [
  'happy',
  'brave',
  'calm',
  'clever',
  'gentle',
  'quick',
  'quiet',
  'bold',
  'bright',
  'fearless',
  'friendly',
  'graceful',
  'jolly',
  'keen',
  'lively',
  'lucky',
  'merry',
  'proud',
  'silent',
  'witty',
  'agile',
  'amiable',
  'ardent',
  'careful',
  'curious',
  'dapper',
  'eager',
  'festive',
  'hearty',
  'nimble',
];
const ANIMALS = [
  'animal',
  'otter',
  'falcon',
  'badger',
  'heron',
  'lynx',
  'marmot',
  'panda',
  'puffin',
  'raven',
  'salmon',
  'tiger',
  'walrus',
  'wombat',
  'zebra',
  'beaver',
  'camel',
  'dolphin',
  'eagle',
  'ferret',
  'gecko',
  'hamster',
  'ibis',
  'jaguar',
  'koala',
  'lemur',
  'meerkat',
  'newt',
  'ocelot',
  'pelican',
];

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function randomChars(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

let lastUlidTime = 0;

/**
 * A WorkOS-style object ID: prefix + a 26-character ULID (uppercase Crockford base32). The time part is strictly
 * increasing within a process, so IDs sort in creation order: the basis of WorkOS cursor pagination, which keeps
 * working even when the cursor object has been deleted since.
 */
export function workosId(prefix: 'org' | 'om' | 'invitation' | 'user' | 'org_domain'): string {
  lastUlidTime = Math.max(Date.now(), lastUlidTime + 1);
  let time = lastUlidTime;
  let timePart = '';
  for (let i = 0; i < 10; i += 1) {
    timePart = UPPER_ALNUM[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  return `${prefix}_${timePart}${randomChars(UPPER_ALNUM, 16)}`;
}

/** A Convex deployment name such as `happy-animal-123`, retried until `isTaken` says it is free. */
export function convexDeploymentName(isTaken: (name: string) => boolean): string {
  for (;;) {
    const name = `${pick(ADJECTIVES)}-${pick(ANIMALS)}-${randomInt(100, 1000)}`;
    if (!isTaken(name)) return name;
  }
}

/** The secret half of a Convex deploy key. */
export function deployKeySecret(): string {
  return `ey${randomBytes(36).toString('base64url')}`;
}

/** A short random suffix, e.g. for de-duplicating Convex project slugs. */
export function shortSuffix(): string {
  return randomChars('abcdefghijklmnopqrstuvwxyz0123456789', 4);
}

/** A random UUID (Cloudflare project and deployment IDs, Convex deploy-key IDs). */
export function uuid(): string {
  return randomUUID();
}

/** Cloudflare Pages deployment short ID: 8 lowercase hex characters. */
export function shortHexId(): string {
  return randomBytes(4).toString('hex');
}

/** SendGrid `X-Message-Id`: 22 URL-safe characters. */
export function sendgridMessageId(): string {
  return randomChars(URL_SAFE, 22);
}

/** An opaque token (WorkOS invitation tokens, request IDs). */
export function opaqueToken(length = 25): string {
  return randomChars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', length);
}
