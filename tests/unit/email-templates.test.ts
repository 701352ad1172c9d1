import { escapeHtml, renderEmail } from '../../activities/email-templates';

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

  it('welcome: names the plan and the support link', () => {
    const email = renderEmail('welcome', 'Ada', {
      tenantName: 'Acme',
      plan: 'pro',
      supportUrl: 'https://help.example/',
    });
    expect(email.text).toContain('on the pro plan');
    expect(email.html).toContain('<a href="https://help.example/">');
  });

  it('failed: names the failed step, the error and the support link', () => {
    const email = renderEmail('failed', 'Ada', {
      tenantName: 'Acme',
      failedStep: 'deployFrontend',
      errorMessage: 'deployment failed',
      supportUrl: 'https://help.example/',
    });
    expect(email.subject).toBe('Setting up Acme needs attention');
    expect(email.text).toContain('"deployFrontend": deployment failed');
    expect(email.html).toContain('&quot;deployFrontend&quot;: deployment failed');
    expect(email.html).toContain('https://help.example/');
  });

  it('escapes every value placed in HTML', () => {
    const email = renderEmail('failed', '<b>Ada</b>', {
      tenantName: '<script>alert(1)</script>',
      failedStep: 'x" onmouseover="y',
      errorMessage: "it's & <broken>",
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Ada</b>');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('it&#39;s &amp; &lt;broken&gt;');
    expect(email.html).toContain('x&quot; onmouseover=&quot;y');
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
