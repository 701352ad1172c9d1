/* global Chart, document, sessionStorage, fetch, URLSearchParams */
/*
 * The dashboard page's script (served as is by GET /dashboard/assets/dashboard.js; the CSP forbids inline code).
 * It keeps the API token in sessionStorage only, reads GET /provisioning-metrics with it for the chosen range, and
 * draws the figures as the API answers them: rates as 0..1 and durations in ms, formatted only for display.
 * `body[data-state]` says where it is: loading, signed-out, ready or error.
 */
'use strict';

(function dashboard() {
  const TOKEN_KEY = 'tenant-orchestrator.dashboard.token';
  const DAY_MS = 86400000;
  const DEFAULT_DAYS = 30;
  const KPI_LABELS = {
    success_rate: 'Success rate',
    average_duration: 'Average provisioning time',
    auto_recovery_rate: 'Auto-recovery rate',
    mttd: 'MTTD (unhealthy instances)',
    mttr: 'MTTR (failed jobs)',
    health_coverage: 'Health coverage',
  };
  const RATE_KPIS = ['success_rate', 'auto_recovery_rate', 'health_coverage'];
  const SIGNS = { gt: '>', gte: '≥', lt: '<' };
  const HEALTH_STATUSES = ['active', 'degraded', 'down'];
  const COLORS = {
    line: '#0969da',
    second: '#bf8700',
    bar: '#cf222e',
    active: '#1a7f37',
    degraded: '#bf8700',
    down: '#cf222e',
  };
  const charts = {};

  const byId = (id) => document.getElementById(id);

  function formatRate(value) {
    return value === null ? 'no data' : `${(value * 100).toFixed(1)} %`;
  }

  function formatDuration(ms) {
    if (ms === null) return 'no data';
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `${(ms / 1000).toFixed(1)} s`;
    return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }

  const formatKpi = (name, value) => (RATE_KPIS.includes(name) ? formatRate(value) : formatDuration(value));

  function setState(state) {
    document.body.dataset.state = state;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showSignIn(message) {
    byId('dashboard').hidden = true;
    byId('sign-out').hidden = true;
    byId('sign-in').hidden = false;
    byId('sign-in-error').textContent = message || '';
    setState('signed-out');
  }

  function defaultRange() {
    const today = new Date();
    const from = new Date(today.getTime() - (DEFAULT_DAYS - 1) * DAY_MS);
    byId('to').value = today.toISOString().slice(0, 10);
    byId('from').value = from.toISOString().slice(0, 10);
  }

  function renderKpis(kpis) {
    byId('kpis').replaceChildren(
      ...kpis.map((kpi) => {
        const item = element('li');
        item.dataset.kpi = kpi.name;
        item.dataset.met = String(kpi.met);
        item.dataset.value = String(kpi.value);
        const verdict = kpi.met === null ? 'no data' : kpi.met ? 'met' : 'not met';
        item.append(
          element('span', 'label', KPI_LABELS[kpi.name] || kpi.name),
          element('span', 'value', formatKpi(kpi.name, kpi.value)),
          element('span', 'target', `target ${SIGNS[kpi.comparison]} ${formatKpi(kpi.name, kpi.target)}: `),
          element('span', 'verdict', verdict),
        );
        return item;
      }),
    );
  }

  function renderRuns(summary) {
    byId('runs').textContent =
      `${summary.runs} runs finished: ${summary.completed} completed, ${summary.cleanedUp} cleaned up, ` +
      `${summary.cancelled} cancelled; duration p50 ${formatDuration(summary.durationMs.p50)}, ` +
      `p95 ${formatDuration(summary.durationMs.p95)}; ${summary.detections} unhealthy instances detected.`;
  }

  function renderHealth(health) {
    byId('health-counts').replaceChildren(
      ...HEALTH_STATUSES.map((status) => {
        const item = element('li', status, `${status}: ${health.counts[status]}`);
        item.dataset.status = status;
        item.dataset.count = String(health.counts[status]);
        return item;
      }),
    );
    byId('last-sweep').textContent = health.lastSweepCompletedAt
      ? `Last completed health sweep: ${health.lastSweepCompletedAt}`
      : 'No health sweep has completed yet.';
  }

  /** Draws (or redraws) the chart of canvas `id`; no animation, so what is drawn is final at once. */
  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options);
    charts[id] = new Chart(byId(id), config);
  }

  function axis(format, extra) {
    return Object.assign({ beginAtZero: true, ticks: { callback: (value) => format(value) } }, extra);
  }

  function tooltip(format) {
    return { callbacks: { label: (item) => `${item.dataset.label}: ${format(item.raw)}` } };
  }

  function barChart(id, label, counts) {
    const names = Object.keys(counts).sort();
    draw(id, {
      type: 'bar',
      data: {
        labels: names,
        datasets: [{ label, data: names.map((name) => counts[name]), backgroundColor: COLORS.bar }],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function renderCharts(data) {
    const days = data.series.map((day) => day.day);
    draw('chart-success-rate', {
      type: 'line',
      data: {
        labels: days,
        datasets: [
          { label: 'Success rate', data: data.series.map((day) => day.successRate), borderColor: COLORS.line },
        ],
      },
      options: { scales: { y: axis(formatRate, { max: 1 }) }, plugins: { tooltip: tooltip(formatRate) } },
    });
    draw('chart-duration', {
      type: 'line',
      data: {
        labels: days,
        datasets: [
          { label: 'Average', data: data.series.map((day) => day.durationMs.average), borderColor: COLORS.line },
          { label: 'p95', data: data.series.map((day) => day.durationMs.p95), borderColor: COLORS.second },
        ],
      },
      options: { scales: { y: axis(formatDuration) }, plugins: { tooltip: tooltip(formatDuration) } },
    });
    barChart('chart-failures-step', 'Failures', data.summary.failuresByStep);
    barChart('chart-failures-type', 'Failures', data.summary.failuresByErrorType);
    draw('chart-health', {
      type: 'doughnut',
      data: {
        labels: HEALTH_STATUSES,
        datasets: [
          {
            label: 'Instances',
            data: HEALTH_STATUSES.map((status) => data.health.counts[status]),
            backgroundColor: HEALTH_STATUSES.map((status) => COLORS[status]),
          },
        ],
      },
    });
  }

  async function errorMessageOf(response) {
    try {
      const body = await response.json();
      return body.error.message;
    } catch {
      return `HTTP ${response.status}`;
    }
  }

  async function load() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return showSignIn();
    byId('sign-in').hidden = true;
    byId('dashboard').hidden = false;
    byId('sign-out').hidden = false;
    byId('status').textContent = 'Loading…';
    byId('status').className = '';
    setState('loading');
    const query = new URLSearchParams({ from: byId('from').value, to: byId('to').value });
    let response;
    try {
      response = await fetch(`provisioning-metrics?${query}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch (err) {
      byId('status').textContent = `The API did not answer: ${err.message}`;
      byId('status').className = 'error';
      return setState('error');
    }
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      return showSignIn(await errorMessageOf(response));
    }
    if (!response.ok) {
      byId('status').textContent = await errorMessageOf(response);
      byId('status').className = 'error';
      return setState('error');
    }
    const data = await response.json();
    renderKpis(data.summary.kpis);
    renderRuns(data.summary);
    renderHealth(data.health);
    renderCharts(data);
    byId('status').textContent = `${data.summary.from.slice(0, 10)} to ${data.summary.to.slice(0, 10)} (UTC)`;
    setState('ready');
  }

  byId('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId('token').value.trim());
    byId('token').value = '';
    void load();
  });
  byId('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
  });
  byId('range').addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });

  defaultRange();
  void load();
})();
