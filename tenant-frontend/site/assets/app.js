// The tenant's frontend: reads its Convex deployment URL (injected at deploy time) and asks the backend's
// `health:ping` query whether it is up, through Convex's HTTP functions API.
const convexUrl = document.querySelector('meta[name="convex-url"]').content;
const status = document.getElementById('status');

async function ping() {
  const response = await fetch(`${convexUrl}/api/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path: 'health:ping', args: {}, format: 'json' }),
  });
  const result = await response.json();
  if (result.status !== 'success') throw new Error(result.errorMessage ?? `HTTP ${response.status}`);
  return result.value;
}

ping().then(
  (value) => {
    status.textContent = `Backend ${value.tenantId ?? ''} is up.`;
  },
  (err) => {
    status.textContent = `Backend unreachable: ${err.message}`;
  },
);
