// Scheduled jobs: each with its cron, state, next run (its zone as a tooltip) and actions (pause, resume, delete).
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { badge, problem, timestamp } from '../format.js';
import { every } from '../nav.js';

const SIZE = 20;

export class ScheduledPage {
  mount(update) {
    this.update = update;
    this.page = 1;
    this.data = null;
    this.error = '';
    this.notice = '';
    this.load();
    this.stop = every(5000, () => this.load());
  }

  unmount() {
    this.stop();
  }

  async load() {
    if (this.loading) {
      return; // the previous refresh has not answered yet
    }
    this.loading = true;
    try {
      try {
        this.data = await api(`/scheduled-jobs?page=${this.page}&size=${SIZE}`);
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

  async act(job, verb) {
    if (verb === 'delete' && !confirm(`Delete the scheduled job “${job.name}”? No more jobs start from it.`)) {
      return;
    }
    try {
      await api(verb === 'delete' ? `/scheduled-jobs/${job.id}` : `/scheduled-jobs/${job.id}/${verb}`,
        { method: verb === 'delete' ? 'DELETE' : 'PUT' });
      this.notice = `${job.name}: ${verb === 'delete' ? 'deleted' : verb === 'pause' ? 'paused' : 'resumed'}.`;
    } catch (e) {
      this.notice = `Cannot ${verb} “${job.name}”: ${problem(e)}`;
    }
    this.load();
  }

  row(job) {
    return html`<tr data-scheduled=${job.id}>
      <td class="name">${job.name}${(job.tags || []).map((t) => html` <span class="tag">${t}</span>`)}</td>
      <td class="mono">${job.cron}</td>
      <td>${badge(job.state)}</td>
      <td class="wide">${timestamp(job.createdAt)}</td>
      <td class="next" title=${job.timezone || 'UTC'}>${job.nextRunAt ? timestamp(job.nextRunAt) : '—'}</td>
      <td class="actions">
        ${job.state === 'ACTIVE' ? html`<button data-action="pause" @click=${() => this.act(job, 'pause')}>Pause</button>` : ''}
        ${job.state === 'PAUSED' ? html`<button data-action="resume" @click=${() => this.act(job, 'resume')}>Resume</button>` : ''}
        <button class="danger" data-action="delete" @click=${() => this.act(job, 'delete')}>Delete</button>
        <a class="button" href="/ui/jobs?q=${encodeURIComponent(job.name)}">Jobs</a>
      </td></tr>`;
  }

  view() {
    const d = this.data;
    return html`<h1>Scheduled jobs</h1>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${!d ? html`<p class="loading">Loading…</p>` : !d.items.length
        ? html`<p class="empty">No scheduled job. A document with <code>schedule: {cron: ...}</code>
            submitted from <a href="/ui/submit">New job</a> creates one.</p>`
        : html`<div class="scroll"><table class="list" id="scheduled">
            <thead><tr><th>Name</th><th>Cron</th><th>State</th><th class="wide">Created</th>
              <th>Next run</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>${d.items.map((j) => this.row(j))}</tbody></table></div>
          <nav class="pager" aria-label="Pages">
            <button ?disabled=${this.page <= 1} @click=${() => { this.page--; this.load(); }}>Newer</button>
            <span>page ${d.number} of ${Math.max(1, d.totalPages)}</span>
            <button ?disabled=${this.page >= d.totalPages} @click=${() => { this.page++; this.load(); }}>Older</button>
          </nav>`}`;
  }
}
