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

/** What each step does, in the owner's words (never a step name, provider message or resource ID). */
const STEP_IN_PLAIN_WORDS: Record<string, string> = {
  reserveQuota: 'reserving your workspace',
  createWorkosOrganization: 'setting up sign-in for your organization',
  createConvexProject: 'creating your backend',
  deployConvexBackend: 'deploying your backend',
  createPagesProject: 'creating your web app',
  deployFrontend: 'publishing your web app',
  validateResources: 'checking that everything works',
  activateInstance: 'activating your workspace',
  sendReadyEmails: 'sending your welcome emails',
};

/** Where setup stopped, in the owner's words: `while we were <doing it>`, or `during setup` for an unknown step. */
export function failedStepInPlainWords(step: string | null | undefined): string {
  const doing = step ? STEP_IN_PLAIN_WORDS[step] : undefined;
  return doing ? `while we were ${doing}` : 'during setup';
}

function paragraphs(lines: (string | undefined)[]): string[] {
  return lines.filter((line): line is string => line !== undefined);
}

/**
 * Renders the email of `kind` for the recipient `toName` with `data` (tenantName, plan, etaIso, loginUrl, siteUrl,
 * supportUrl, gettingStartedUrl, failedStep, jobReference). Customer-facing text never carries internals: a failure
 * is described in plain words with the job reference, never with the provider's message.
 */
export function renderEmail(kind: EmailKind, toName: string, data: TemplateData): RenderedEmail {
  const name = field(data, 'tenantName', field(data, 'tenantId', 'your workspace'));
  const greeting = `Hello ${toName || 'there'},`;
  const supportUrl = field(data, 'supportUrl', '');
  const help = supportUrl ? `Questions? Our support team is at ${supportUrl}` : 'Questions? Just reply to this email.';
  const helpHtml = supportUrl ? `Questions? Our support team is at ${link(supportUrl, supportUrl)}` : escapeHtml(help);
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
      const loginUrl = field(data, 'loginUrl', '');
      const siteUrl = field(data, 'siteUrl', '');
      const guideUrl = field(data, 'gettingStartedUrl', '');
      const subject = `Welcome to Brain`;
      const intro = `Welcome to Brain! ${name} is on the ${plan || 'selected'} plan.`;
      const instance = siteUrl ? `Your app: ${siteUrl}` : undefined;
      const signIn = loginUrl ? `Sign in: ${loginUrl}` : undefined;
      const how =
        'How sign-in works: sign in with your work email. Your organization has its own sign-in, run by WorkOS: ' +
        'you can invite teammates and, when you are ready, connect your company single sign-on.';
      const guide = guideUrl ? `Getting started: ${guideUrl}` : undefined;
      const text = paragraphs([intro, instance, signIn, how, guide, help]).join('\n\n');
      const html = paragraphs([
        escapeHtml(intro),
        siteUrl ? `Your app: ${link(siteUrl, siteUrl)}` : undefined,
        loginUrl ? `Sign in: ${link(loginUrl, loginUrl)}` : undefined,
        escapeHtml(how),
        guideUrl ? `Getting started: ${link(guideUrl, guideUrl)}` : undefined,
        helpHtml,
      ]);
      return {
        subject,
        text: `${greeting}\n\n${text}\n`,
        html: page(subject, [escapeHtml(greeting), ...html]),
      };
    }
    case 'failed': {
      const what = failedStepInPlainWords(data.failedStep === null ? null : String(data.failedStep ?? ''));
      const reference = field(data, 'jobReference', field(data, 'jobId', ''));
      const subject = `Setting up ${name} needs attention`;
      const line = `Setting up ${name} ran into a problem ${what}. Our team has been notified and can resume it; you do not need to do anything.`;
      const ref = reference ? `Reference: ${reference} (please quote it if you contact us).` : undefined;
      const contact = supportUrl ? `Contact support: ${supportUrl}` : 'Reply to this email to reach support.';
      const contactHtml = supportUrl ? `Contact support: ${link(supportUrl, supportUrl)}` : escapeHtml(contact);
      return {
        subject,
        text: `${greeting}\n\n${paragraphs([line, ref, contact]).join('\n')}\n`,
        html: page(subject, [
          escapeHtml(greeting),
          escapeHtml(line),
          ...paragraphs([ref && escapeHtml(ref)]),
          contactHtml,
        ]),
      };
    }
  }
}

/** The email an operator gets for an alert (internal: it may name steps, providers and errors). */
export function renderOperatorAlert(alert: {
  kind: string;
  jobId: string;
  tenantId: string;
  message: string;
  createdAt: string;
}): RenderedEmail {
  const subject = `[Brain provisioning] ${alert.kind} for tenant ${alert.tenantId}`;
  const lines = [
    `Alert: ${alert.kind}`,
    `Tenant: ${alert.tenantId}`,
    `Job: ${alert.jobId}`,
    `At: ${alert.createdAt}`,
    `Detail: ${alert.message}`,
    alert.kind === 'notifications_failed'
      ? `The tenant is live. Resend the emails: npm run cli -- resend-emails ${alert.jobId}`
      : undefined,
  ];
  const present = paragraphs(lines);
  return { subject, text: `${present.join('\n')}\n`, html: page(subject, present.map(escapeHtml)) };
}
