/**
 * Status-page tokens: 256 random bits (not derived from the tenant or job ID), URL-safe; only their SHA-256 is stored,
 * so the store alone cannot rebuild a URL. A string that cannot be a token is refused before any lookup.
 */
import { randomBytes } from 'node:crypto';
import { hashApiToken } from '../../../common/api-credentials';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateStatusToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isStatusTokenShaped(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}

export function statusTokenHash(token: string): string {
  return hashApiToken(token).toString('hex');
}
