// Queues: each queue's tasks not yet taken, and how many workers take from it.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { problem } from '../format.js';
import { every } from '../nav.js';

export class QueuesPage {
  mount(update) {
    this.update = update;
    this.queues = null;
    this.error = '';
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
        this.queues = await api('/queues');
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

  view() {
    return html`<h1>Queues</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${!this.queues ? html`<p class="loading">Loading…</p>` : !this.queues.length
        ? html`<p class="empty">No queue yet: a queue appears with its first task or worker.</p>`
        : html`<div class="scroll"><table class="list" id="queues">
          <thead><tr><th>Queue</th><th class="num">Waiting tasks</th><th class="num">Workers</th></tr></thead>
          <tbody>${this.queues.map((q) => html`<tr data-queue=${q.name}><td class="mono">${q.name}</td>
            <td class="num">${q.size}</td><td class="num">${q.subscribers}</td></tr>`)}</tbody>
        </table></div>`}`;
  }
}
