/**
 * The dashboard page: a static shell with no data and no inline script or style (the CSP allows only this origin).
 * Its script asks for an API token, keeps it in sessionStorage (never in the URL) and reads the JSON routes with it.
 */

/** Same-origin only: scripts, styles and fetches from the API itself; no frames, forms elsewhere, plugins. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Relative URLs: `/dashboard` resolves them against the API's root, also behind a path prefix.
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>Provisioning dashboard</title>
<link rel="icon" href="dashboard/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="dashboard/assets/dashboard.css">
<script src="dashboard/assets/chart.umd.js" defer></script>
<script src="dashboard/assets/dashboard.js" defer></script>
</head>
<body data-state="loading">
<header>
  <h1>Provisioning dashboard</h1>
  <button id="sign-out" type="button" hidden>Sign out</button>
</header>
<form id="sign-in" hidden>
  <label>API token (admin or viewer)
    <input id="token" type="password" autocomplete="off" spellcheck="false" required>
  </label>
  <button type="submit">Open the dashboard</button>
  <p id="sign-in-error" role="alert"></p>
  <p class="note">The token stays in this tab (sessionStorage) and is sent only to this API.</p>
</form>
<main id="dashboard" hidden>
  <form id="range">
    <label>From <input id="from" type="date" required></label>
    <label>To <input id="to" type="date" required></label>
    <button type="submit">Show</button>
    <span id="status" role="status"></span>
  </form>
  <section>
    <h2>KPIs against their targets</h2>
    <ul id="kpis" class="kpis"></ul>
  </section>
  <section>
    <h2>Runs</h2>
    <p id="runs"></p>
  </section>
  <section class="charts">
    <figure><figcaption>Success rate per day</figcaption><div class="chart"><canvas id="chart-success-rate"></canvas></div></figure>
    <figure><figcaption>Provisioning time per day (completed runs)</figcaption><div class="chart"><canvas id="chart-duration"></canvas></div></figure>
    <figure><figcaption>Failures by step</figcaption><div class="chart"><canvas id="chart-failures-step"></canvas></div></figure>
    <figure><figcaption>Failures by error type</figcaption><div class="chart"><canvas id="chart-failures-type"></canvas></div></figure>
    <figure><figcaption>Instance health now</figcaption><div class="chart"><canvas id="chart-health"></canvas></div>
      <ul id="health-counts" class="counts"></ul><p id="last-sweep" class="note"></p></figure>
  </section>
</main>
</body>
</html>
`;
