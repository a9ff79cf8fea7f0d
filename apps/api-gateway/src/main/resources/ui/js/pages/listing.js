// What the list pages (jobs, scheduled jobs, nodes, queues) share: a refresh every few seconds,
// their notice and error lines, and a table that says when it is loading or empty.
import { html } from '../../vendor/lit-html/lit-html.js';
import { ApiError } from '../api.js';
import { problem } from '../format.js';
import { every } from '../nav.js';

/**
 * A page that loads what it shows when mounted and again every few seconds while the tab is
 * visible. A subclass reads in fetch() and may set up its state in start(params) (refreshMs too);
 * a failed read is shown as the page's error, but a 401 is the sign-in's to show.
 */
export class RefreshedPage {
  start() {}

  mount(update, params) {
    this.update = update;
    this.error = '';
    this.notice = '';
    this.start(params);
    this.load();
    this.stop = every(this.refreshMs || 5000, () => this.load());
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
        await this.fetch();
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
}

/** The page's notice and error, each where it has one. */
export function messages(page) {
  return html`${page.notice ? html`<p class="notice" role="status">${page.notice}</p>` : ''}
    ${page.error ? html`<p class="error" role="alert">${page.error}</p>` : ''}`;
}

/** Loading… until items are read, empty when there are none, else the table shown(). */
export function listing(items, empty, shown) {
  if (!items) {
    return html`<p class="loading">Loading…</p>`;
  }
  return items.length ? shown() : html`<p class="empty">${empty}</p>`;
}

/** A scrolling list table: its header cells, then a row each. */
export function table(id, head, rows) {
  return html`<div class="scroll"><table class="list" id=${id}>
    <thead><tr>${head}</tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

/** Newer and older pages of a paged answer d; to(n) shows page n. */
export function pager(d, page, to, counted = '') {
  return html`<nav class="pager" aria-label="Pages">
    <button ?disabled=${page <= 1} @click=${() => to(page - 1)}>Newer</button>
    <span>page ${d.number} of ${Math.max(1, d.totalPages)}${counted}</span>
    <button ?disabled=${page >= d.totalPages} @click=${() => to(page + 1)}>Older</button>
  </nav>`;
}
