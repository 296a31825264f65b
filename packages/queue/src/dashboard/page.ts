import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { JobSummary } from '../producer/summary.js';
import type { QueueStats } from '../stats/index.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const time = (ms: number | undefined) => (ms ? new Date(ms).toISOString().slice(11, 19) : '');
const cut = (text: string | undefined, max: number) =>
  text === undefined ? '' : text.length > max ? `${text.slice(0, max)}…` : text;

function backendRows(stats: QueueStats): Html[] {
  return stats.backends.map((backend) => {
    const state = backend.stale ? 'stale' : backend.healthy ? 'up' : 'down';
    return html`<tr class="backend ${state}">
      <td>${backend.id}</td>
      <td class="state">${state}${backend.downReason ? html` <small>${cut(backend.downReason, 200)}</small>` : ''}</td>
      <td>${backend.model ?? '?'}</td>
      <td>${backend.activeJob ?? 'idle'}</td>
      <td>${backend.completed}</td>
      <td>${backend.failed}</td>
    </tr>`;
  });
}

function tenantRows(stats: QueueStats): Html[] {
  return stats.tenants.map(
    (tenant) => html`<tr class="tenant">
      <td>${tenant.name}</td>
      <td>${tenant.weight}</td>
      <td>${tenant.waiting}${tenant.maxWaiting !== null ? ` / ${tenant.maxWaiting}` : ''}</td>
      <td>${tenant.running}${tenant.maxRunning !== null ? ` / ${tenant.maxRunning}` : ''}</td>
      <td>${tenant.completed}</td>
      <td>${tenant.failed}</td>
      <td>${tenant.cancelled}</td>
    </tr>`,
  );
}

function jobRows(jobs: JobSummary[]): Html[] {
  return jobs.map((job) => {
    const actions: Html[] = [];
    if (job.state === 'waiting' || job.state === 'running')
      actions.push(html`<button data-action="cancel" data-job="${job.id}">Cancel</button>`);
    if (job.state === 'failed' || job.state === 'cancelled')
      actions.push(html`<button data-action="retry" data-job="${job.id}">Retry</button>`);
    return html`<tr class="job ${job.state}" id="job-${job.id}">
      <td><code>${job.id}</code></td>
      <td>${job.tenant ?? ''}</td>
      <td class="state">${job.state}${job.position !== null ? ` #${job.position}` : ''}</td>
      <td>${job.model ?? 'any'}</td>
      <td>${job.backend ?? ''}</td>
      <td>${time(job.submittedAt)}</td>
      <td class="prompt">${cut(job.prompt, 80)}${job.failedReason ? html`<br /><small>${cut(job.failedReason, 200)}</small>` : ''}</td>
      <td>${actions}</td>
    </tr>`;
  });
}

/**
 * The dashboard's page: totals in the CLI's words, backends (state, why down, loaded model, running
 * job), tenants (share, waiting and running against their caps) and the newest jobs with cancel
 * and retry. Everything shown from Redis is escaped by `html`; the script is a file of its own, so
 * the page's Content-Security-Policy allows no inline script.
 */
export function renderPage(name: string, stats: QueueStats, jobs: JobSummary[]): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>sdwebui queue ${name}</title>
    <link rel="stylesheet" href="dashboard.css" />
    <script src="dashboard.js" defer></script>
  </head>
  <body>
    <header>
      <h1>Queue <code>${name}</code></h1>
      <p id="totals">
        waiting <b>${stats.waiting + stats.delayed}</b> · running <b>${stats.active}</b> · done <b>${stats.completed}</b> ·
        failed <b>${stats.failed}</b> · cancelled <b>${stats.cancelled}</b> · last minute <b>${stats.completedLastMinute}</b>
      </p>
      ${stats.notice ? html`<p id="notice" role="alert">${stats.notice}</p>` : ''}
      <p id="message" role="status"></p>
      <nav><a href="bull/">BullMQ lanes (read-only)</a> · <a href="api/overview">JSON</a></nav>
    </header>
    <h2>Backends</h2>
    <table id="backends">
      <thead><tr><th>backend</th><th>state</th><th>model</th><th>running</th><th>done</th><th>failed</th></tr></thead>
      <tbody>${backendRows(stats)}</tbody>
    </table>
    <h2>Tenants</h2>
    <table id="tenants">
      <thead><tr><th>tenant</th><th>weight</th><th>waiting / max</th><th>running / max</th><th>done</th><th>failed</th><th>cancelled</th></tr></thead>
      <tbody>${tenantRows(stats)}</tbody>
    </table>
    <h2>Jobs</h2>
    <table id="jobs">
      <thead><tr><th>id</th><th>tenant</th><th>state</th><th>model</th><th>backend</th><th>submitted (UTC)</th><th>prompt</th><th></th></tr></thead>
      <tbody>${jobRows(jobs)}</tbody>
    </table>
  </body>
</html>`;
}

/** Buttons post JSON (the only body type the access rules take), then the page reloads; `?refresh=0` stops the 5 s reload. */
export const PAGE_SCRIPT = `
document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  button.disabled = true;
  const { action, job } = button.dataset;
  const response = await fetch('api/jobs/' + encodeURIComponent(job) + '/' + action, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin',
  });
  const answer = await response.json().catch(() => ({}));
  document.getElementById('message').textContent = response.ok ? job + ': ' + answer.state : 'error: ' + (answer.error || response.status);
  if (response.ok) setTimeout(() => location.reload(), 300);
  else button.disabled = false;
});
const every = Number(new URLSearchParams(location.search).get('refresh') ?? '5');
if (every > 0) setTimeout(() => location.reload(), every * 1000);
`;

export const PAGE_STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #f4f4f4; }
small { color: #666; }
#notice { background: #fff3cd; padding: .5rem; border: 1px solid #e0c36a; }
.backend.up .state, .job.done .state { color: #1a7f37; }
.backend.down .state, .backend.stale .state, .job.failed .state { color: #c62828; }
.job.running .state { color: #0b5cad; }
.job.cancelled .state { color: #777; }
`;
