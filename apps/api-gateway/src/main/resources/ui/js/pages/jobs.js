// Jobs: newest first, searched (q: words, tag:x, tags:a,b), filtered by state, paged, refreshed
// every few seconds; summary cards from GET /metrics.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { badge, ended, isTerminal, percent, runtime, timestamp, truncate } from '../format.js';
import { go } from '../nav.js';
import { jobActions } from './actions.js';
import { RefreshedPage, listing, messages, pager, table } from './listing.js';

/** A tag, as a link to the jobs that carry it. */
export function tagLink(tag) {
  return html`<a class="tag" href="/ui/jobs?q=${encodeURIComponent(`tag:${tag}`)}">${tag}</a>`;
}

const STATES = ['PENDING', 'SCHEDULED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const SIZE = 20;
const REFRESH_MS = 3000;

export class JobsPage extends RefreshedPage {
  start(params) {
    this.refreshMs = REFRESH_MS;
    this.q = params.get('q') || '';
    this.state = STATES.includes(params.get('state')) ? params.get('state') : '';
    this.page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    this.data = null;
    this.metrics = null;
  }

  query() {
    return [this.q.trim(), this.state].filter(Boolean).join(' ');
  }

  async fetch() {
    const params = new URLSearchParams({ page: String(this.page), size: String(SIZE) });
    if (this.query()) {
      params.set('q', this.query());
    }
    const [data, metrics] = await Promise.all([
      api(`/jobs?${params}`),
      api('/metrics').catch(() => null),
    ]);
    this.data = data;
    this.metrics = metrics;
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
      ${messages(this)}
      ${listing(d && d.items, html`${this.query() ? 'No job matches.' : 'No job yet.'}
        <a href="/ui/submit">Submit one</a>.`, () => this.results(d))}`;
  }

  results(d) {
    return html`${table('jobs',
        html`<th>Name</th><th>State</th><th class="wide">Created</th>
          <th class="wide">Ended</th><th class="wide num">Progress</th><th class="num">Runtime</th>
          <th><span class="sr-only">Actions</span></th>`,
        d.items.map((job) => this.row(job)))}
      ${pager(d, this.page, (page) => this.search({ page }), ` · ${d.totalItems} jobs`)}`;
  }
}
