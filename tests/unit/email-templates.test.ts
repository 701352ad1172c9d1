import { escapeHtml, renderEmail, renderOperatorAlert } from '../../activities/email-templates';

describe('renderEmail', () => {
  it('started: names the tenant and the ETA in text and HTML', () => {
    const email = renderEmail('started', 'Ada', { tenantName: 'Acme', etaIso: '2025-01-01T10:05:00.000Z' });
    expect(email.subject).toBe('We are setting up Acme');
    expect(email.text).toContain('Hello Ada,');
    expect(email.text).toContain('Wed, 01 Jan 2025 10:05:00 GMT');
    expect(email.html).toContain('Wed, 01 Jan 2025 10:05:00 GMT');
  });

  it('ready: links the login URL', () => {
    const email = renderEmail('ready', 'Ada', { tenantName: 'Acme', loginUrl: 'https://brain.example/login/acme' });
    expect(email.subject).toBe('Acme is ready');
    expect(email.text).toContain('https://brain.example/login/acme');
    expect(email.html).toContain('<a href="https://brain.example/login/acme">');
  });

  it('welcome: the instance URL, the login URL, how sign-in works, getting started and support, in text and HTML', () => {
    const email = renderEmail('welcome', 'Ada', {
      tenantName: 'Acme',
      plan: 'pro',
      siteUrl: 'https://tenant-acme.pages.dev/',
      loginUrl: 'https://brain.example/login/acme',
      gettingStartedUrl: 'https://docs.example/start',
      supportUrl: 'https://help.example/',
    });
    expect(email.text).toContain('on the pro plan');
    for (const url of [
      'https://tenant-acme.pages.dev/',
      'https://brain.example/login/acme',
      'https://docs.example/start',
      'https://help.example/',
    ]) {
      expect(email.text).toContain(url);
      expect(email.html).toContain(`<a href="${url}">`);
    }
    expect(email.text).toContain('WorkOS');
    expect(email.html).toContain('How sign-in works');
  });

  it('failed: says what failed in plain words with the job reference, never the step name or provider message', () => {
    const email = renderEmail('failed', 'Ada', {
      tenantName: 'Acme',
      failedStep: 'deployFrontend',
      errorMessage: 'cloudflare createDeployment failed (500): account 4f2a... team_42',
      jobReference: 'provision-acme',
      supportUrl: 'https://help.example/',
    });
    expect(email.subject).toBe('Setting up Acme needs attention');
    expect(email.text).toContain('while we were publishing your web app');
    expect(email.text).toContain('Reference: provision-acme');
    expect(email.html).toContain('https://help.example/');
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toContain('deployFrontend');
      expect(part).not.toContain('cloudflare');
      expect(part).not.toContain('team_42');
    }
  });

  it('failed: an unknown step is described neutrally', () => {
    const email = renderEmail('failed', 'Ada', { tenantName: 'Acme', failedStep: 'x" onmouseover="y' });
    expect(email.text).toContain('ran into a problem during setup');
    expect(email.html).not.toContain('onmouseover');
  });

  it('escapes every value placed in HTML', () => {
    const email = renderEmail('failed', '<b>Ada</b>', {
      tenantName: '<script>alert(1)</script>',
      jobReference: `it's & <broken>`,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Ada</b>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('it&#39;s &amp; &lt;broken&gt;');
  });

  it('operator alert: internal detail and how to resend', () => {
    const email = renderOperatorAlert({
      kind: 'notifications_failed',
      jobId: 'provision-acme',
      tenantId: 'acme',
      message: 'ProviderAuthFailed: sendgrid send failed (401)',
      createdAt: '2025-01-01T10:00:00.000Z',
    });
    expect(email.subject).toContain('notifications_failed');
    expect(email.text).toContain('ProviderAuthFailed: sendgrid send failed (401)');
    expect(email.text).toContain('resend-emails provision-acme');
  });

  it('never links a non-http URL', () => {
    const email = renderEmail('ready', 'Ada', { tenantName: 'Acme', loginUrl: 'javascript:alert(1)' });
    expect(email.html).not.toContain('href=');
    expect(email.html).toContain('javascript:alert(1)');
  });

  it('falls back when data is missing', () => {
    const email = renderEmail('started', '', {});
    expect(email.subject).toBe('We are setting up your workspace');
    expect(email.text).toContain('Hello there,');
    expect(email.text).toContain('in a few minutes');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
