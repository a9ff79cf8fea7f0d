// Jobs: newest first, searched (q: words, tag:x, tags:a,b), filtered by state, paged, refreshed
// every few seconds; summary cards from GET /metrics.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { badge, ended, isTerminal, percent, problem, runtime, timestamp, truncate } from '../format.js';
import { every, go } from '../nav.js';
import { jobActions } from './actions.js';

/** A tag, as a link to the jobs that carry it. */
export function tagLink(tag) {
  return html`<a class="tag" href="/ui/jobs?q=${encodeURIComponent(`tag:${tag}`)}">${tag}</a>`;
}

const STATES = ['PENDING', 'SCHEDULED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const SIZE = 20;
const REFRESH_MS = 3000;

export class JobsPage {
  mount(update, params) {
    this.update = update;
    this.q = params.get('q') || '';
    this.state = STATES.includes(params.get('state')) ? params.get('state') : '';
    this.page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    this.data = null;
    this.metrics = null;
    this.error = '';
    this.notice = '';
    this.load();
    this.stop = every(REFRESH_MS, () => this.load());
  }

  unmount() {
    this.stop();
  }

  query() {
    return [this.q.trim(), this.state].filter(Boolean).join(' ');
  }

  async load() {
    if (this.loading) {
      return; // the previous refresh has not answered yet
    }
    this.loading = true;
    try {
      const params = new URLSearchParams({ page: String(this.page), size: String(SIZE) });
      if (this.query()) {
        params.set('q', this.query());
      }
      try {
        const [data, metrics] = await Promise.all([
          api(`/jobs?${params}`),
          api('/metrics').catch(() => null),
        ]);
        this.data = data;
        this.metrics = metrics;
        this.error = '';
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) {
          this.error = problem(e);
        }
      }
    } finally {
      this.loading = false;
    }
    this.update();
  }

  /** The filters live in the address, so a filtered list can be linked and reloaded. */
  search(changes) {
    Object.assign(this, changes);
    const params = new URLSearchParams();
    if (this.q.trim()) params.set('q', this.q.trim());
    if (this.state) params.set('state', this.state);
    if (this.page > 1) params.set('page', String(this.page));
    const s = params.toString();
    go(`/ui/jobs${s ? `?${s}` : ''}`, { replace: true });
  }

  onSearch(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.search({ q: String(form.get('q') || ''), state: String(form.get('state') || ''), page: 1 });
  }

  cards() {
    const m = this.metrics;
    const card = (label, value, id) => html`<div class="card" id=${id}>
      <dt>${label}</dt><dd>${m ? value : '–'}</dd></div>`;
    return html`<dl class="cards" aria-label="Summary">
      ${card('Running jobs', m && m.jobs.running, 'card-jobs')}
      ${card('Running tasks', m && m.tasks.running, 'card-tasks')}
      ${card('Nodes online', m && m.nodes.online, 'card-nodes')}
      ${card('CPU', m && percent(m.nodes.cpuPercent), 'card-cpu')}
    </dl>`;
  }

  row(job) {
    const progress = isTerminal(job.state) ? '' : percent(job.progress);
    return html`<tr data-job=${job.id}>
      <td class="name"><a href="/ui/jobs/${job.id}">${truncate(job.name, 60)}</a>
        ${job.parentId ? html`<span class="tag">sub-job</span>` : ''}
        ${job.schedule ? html`<span class="tag">scheduled</span>` : ''}
        ${(job.tags || []).map((t) => tagLink(t))}</td>
      <td>${badge(job.state)}</td>
      <td class="wide">${timestamp(job.createdAt)}</td>
      <td class="wide">${timestamp(ended(job))}</td>
      <td class="wide num">${progress}</td>
      <td class="num">${runtime(job)}</td>
      <td class="actions">${jobActions(job, (message) => { this.notice = message; this.load(); })}</td>
    </tr>`;
  }

  view() {
    const d = this.data;
    return html`<h1>Jobs</h1>
      ${this.cards()}
      <form class="filters" role="search" @submit=${(e) => this.onSearch(e)}>
        <label>Search <input type="search" name="q" .value=${this.q}
          placeholder="words, tag:x, tags:a,b"></label>
        <label>State <select name="state" @change=${(e) => e.target.form.requestSubmit()}>
          <option value="" ?selected=${!this.state}>any</option>
          ${STATES.map((s) => html`<option value=${s} ?selected=${this.state === s}>${s.toLowerCase()}</option>`)}
        </select></label>
        <button type="submit">Search</button>
      </form>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${d ? this.table(d) : html`<p class="loading">Loading…</p>`}`;
  }

  table(d) {
    if (!d.items.length) {
      return html`<p class="empty">${this.query() ? 'No job matches.' : 'No job yet.'}
        <a href="/ui/submit">Submit one</a>.</p>`;
    }
    return html`<div class="scroll"><table class="list" id="jobs">
        <thead><tr><th>Name</th><th>State</th><th class="wide">Created</th>
          <th class="wide">Ended</th><th class="wide num">Progress</th><th class="num">Runtime</th>
          <th><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>${d.items.map((job) => this.row(job))}</tbody>
      </table></div>
      <nav class="pager" aria-label="Pages">
        <button ?disabled=${this.page <= 1} @click=${() => this.search({ page: this.page - 1 })}>Newer</button>
        <span>page ${d.number} of ${Math.max(1, d.totalPages)} · ${d.totalItems} jobs</span>
        <button ?disabled=${this.page >= d.totalPages} @click=${() => this.search({ page: this.page + 1 })}>Older</button>
      </nav>`;
  }
}
