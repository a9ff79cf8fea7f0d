// Scheduled jobs: each with its cron, state, next run (its zone as a tooltip) and actions (pause, resume, delete).
import { html } from '../../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { badge, problem, timestamp } from '../format.js';
import { RefreshedPage, listing, messages, pager, table } from './listing.js';

const SIZE = 20;

export class ScheduledPage extends RefreshedPage {
  start() {
    this.page = 1;
    this.data = null;
  }

  async fetch() {
    this.data = await api(`/scheduled-jobs?page=${this.page}&size=${SIZE}`);
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
      ${messages(this)}
      ${listing(d && d.items, html`No scheduled job. A document with <code>schedule: {cron: ...}</code>
            submitted from <a href="/ui/submit">New job</a> creates one.`, () => html`${table('scheduled',
        html`<th>Name</th><th>Cron</th><th>State</th><th class="wide">Created</th><th>Next run</th>
          <th><span class="sr-only">Actions</span></th>`,
        d.items.map((j) => this.row(j)))}
          ${pager(d, this.page, (page) => { this.page = page; this.load(); })}`)}`;
  }
}
