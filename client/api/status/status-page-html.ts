/**
 * The public status page: one HTML document with the current progress inlined, then updated in place from the
 * page's server-sent events (`EventSource` on `<page>/events`): no reload, no polling loop in the page.
 */
import type { PublicProgress } from './public-progress';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON safe inside a `<script>` element (no `</script>`, no HTML comment openers). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
progress{width:100%;height:1.2rem}li{margin:.2rem 0}.completed{color:#17803d}.failed{color:#b42318}
.running{font-weight:bold}.pending,.skipped{color:#888}`;

const SCRIPT = `
const render = (p) => {
  document.getElementById('status').textContent = p.status;
  document.getElementById('status').dataset.status = p.status;
  document.getElementById('percent').textContent = p.percent + '%';
  document.getElementById('bar').value = p.percent;
  document.getElementById('eta').textContent = p.finishedAt
    ? 'finished ' + new Date(p.finishedAt).toLocaleString()
    : p.estimatedCompletionAt ? 'expected by ' + new Date(p.estimatedCompletionAt).toLocaleTimeString() : '';
  const list = document.getElementById('steps');
  list.replaceChildren(...p.steps.map((s) => {
    const li = document.createElement('li');
    li.className = s.status;
    li.dataset.step = s.name;
    li.textContent = s.name + ': ' + s.status;
    return li;
  }));
};
render(JSON.parse(document.getElementById('initial').textContent));
const events = new EventSource(location.pathname.replace(/\\/$/, '') + '/events');
events.addEventListener('progress', (e) => render(JSON.parse(e.data)));
events.addEventListener('end', () => events.close());
`;

export function renderStatusPage(progress: PublicProgress): string {
  const name = escapeHtml(progress.tenantName);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${name}: setting up</title><style>${STYLE}</style></head>
<body><h1>${name}</h1>
<p>Status: <strong id="status"></strong> <span id="percent"></span> <span id="eta"></span></p>
<progress id="bar" max="100" value="0"></progress>
<ol id="steps"></ol>
<script id="initial" type="application/json">${scriptJson(progress)}</script>
<script>${SCRIPT}</script>
</body></html>`;
}

export function renderNotFoundPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Not found</title></head>
<body><h1>Not found</h1><p>This status link is unknown, was revoked or has expired.</p></body></html>`;
}
