/**
 * The provisioning emails (subject, plain text and HTML) for each kind: `started` (with the ETA), `ready` (login
 * URL), `welcome`, `failed` (failed step, error, support link). Pure functions; every value placed in HTML is
 * escaped, and URLs are only linked when they are http(s).
 */
import type { EmailKind } from './contract';

export type TemplateData = Record<string, string | number | null>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function field(data: TemplateData, key: string, fallback: string): string {
  const value = data[key];
  return value === null || value === undefined || value === '' ? fallback : String(value);
}

function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function link(url: string, label: string): string {
  const safe = safeUrl(url);
  return safe ? `<a href="${escapeHtml(safe)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function formatEta(etaIso: string): string {
  const date = new Date(etaIso);
  return Number.isNaN(date.getTime()) ? etaIso : date.toUTCString();
}

function page(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** Renders the email of `kind` for the recipient `toName` with `data` (tenantName, plan, etaIso, loginUrl, ...). */
export function renderEmail(kind: EmailKind, toName: string, data: TemplateData): RenderedEmail {
  const name = field(data, 'tenantName', field(data, 'tenantId', 'your workspace'));
  const greeting = `Hello ${toName || 'there'},`;
  const supportUrl = field(data, 'supportUrl', '');
  switch (kind) {
    case 'started': {
      const eta = data.etaIso ? formatEta(String(data.etaIso)) : 'in a few minutes';
      const subject = `We are setting up ${name}`;
      const line = `We started setting up ${name}. It should be ready by ${eta}; we will email you when it is.`;
      return {
        subject,
        text: `${greeting}\n\n${line}\n`,
        html: page(subject, [escapeHtml(greeting), escapeHtml(line)]),
      };
    }
    case 'ready': {
      const loginUrl = field(data, 'loginUrl', '');
      const subject = `${name} is ready`;
      const line = `${name} is ready. Sign in at:`;
      return {
        subject,
        text: `${greeting}\n\n${line} ${loginUrl}\n`,
        html: page(subject, [escapeHtml(greeting), `${escapeHtml(line)} ${link(loginUrl, loginUrl)}`]),
      };
    }
    case 'welcome': {
      const plan = field(data, 'plan', '');
      const subject = `Welcome to Brain`;
      const line = `Welcome to Brain! ${name} is on the ${plan || 'selected'} plan.`;
      const help = supportUrl
        ? `Questions? Our support team is at ${supportUrl}`
        : 'Questions? Just reply to this email.';
      const helpHtml = supportUrl
        ? `Questions? Our support team is at ${link(supportUrl, supportUrl)}`
        : escapeHtml(help);
      return {
        subject,
        text: `${greeting}\n\n${line}\n${help}\n`,
        html: page(subject, [escapeHtml(greeting), escapeHtml(line), helpHtml]),
      };
    }
    case 'failed': {
      const step = field(data, 'failedStep', 'an unknown step');
      const error = field(data, 'errorMessage', 'an unexpected error');
      const subject = `Setting up ${name} needs attention`;
      const line = `Setting up ${name} stopped at step "${step}": ${error}. Our team has been notified and can resume it.`;
      const help = supportUrl ? `Contact support: ${supportUrl}` : 'Reply to this email to reach support.';
      const helpHtml = supportUrl ? `Contact support: ${link(supportUrl, supportUrl)}` : escapeHtml(help);
      return {
        subject,
        text: `${greeting}\n\n${line}\n${help}\n`,
        html: page(subject, [escapeHtml(greeting), escapeHtml(line), helpHtml]),
      };
    }
  }
}
