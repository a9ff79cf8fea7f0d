// Nodes: every worker, scheduler and gateway heard from in the last 5 minutes.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { badge, bytes, percent, problem, timestamp } from '../format.js';
import { every } from '../nav.js';

export class NodesPage {
  mount(update) {
    this.update = update;
    this.nodes = null;
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
        this.nodes = await api('/nodes');
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
    const queues = (q) => Object.entries(q || {}).map(([name, n]) => `${name}:${n}`).join(', ');
    return html`<h1>Nodes</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${!this.nodes ? html`<p class="loading">Loading…</p>` : !this.nodes.length
        ? html`<p class="empty">No node has been heard from in the last 5 minutes.</p>`
        : html`<div class="scroll"><table class="list" id="nodes">
          <thead><tr><th>Node</th><th>Role</th><th>Status</th><th>Queues</th><th class="num">Tasks</th>
            <th class="num">CPU</th><th class="num wide">Memory</th><th class="wide">Host</th>
            <th class="wide">Started</th><th class="wide">Last heartbeat</th></tr></thead>
          <tbody>${this.nodes.map((n) => html`<tr data-node=${n.id}>
            <td class="mono">${n.id}</td><td>${n.role}</td><td>${badge(n.status)}</td>
            <td class="mono">${queues(n.queues)}</td><td class="num">${n.taskCount}</td>
            <td class="num">${percent(n.cpuPercent)}</td><td class="num wide">${bytes(n.memoryUsedBytes)}</td>
            <td class="wide">${n.hostname}</td><td class="wide">${timestamp(n.startedAt)}</td>
            <td class="wide">${timestamp(n.lastHeartbeatAt)}</td></tr>`)}</tbody></table></div>`}`;
  }
}
