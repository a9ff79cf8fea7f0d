// Nodes: every worker, scheduler and gateway heard from in the last 5 minutes.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { badge, bytes, percent, timestamp } from '../format.js';
import { RefreshedPage, listing, messages, table } from './listing.js';

export class NodesPage extends RefreshedPage {
  async fetch() {
    this.nodes = await api('/nodes');
  }

  view() {
    const queues = (q) => Object.entries(q || {}).map(([name, n]) => `${name}:${n}`).join(', ');
    return html`<h1>Nodes</h1>
      ${messages(this)}
      ${listing(this.nodes, 'No node has been heard from in the last 5 minutes.', () => table('nodes',
        html`<th>Node</th><th>Role</th><th>Status</th><th>Queues</th><th class="num">Tasks</th>
          <th class="num">CPU</th><th class="num wide">Memory</th><th class="wide">Host</th>
          <th class="wide">Started</th><th class="wide">Last heartbeat</th>`,
        this.nodes.map((n) => html`<tr data-node=${n.id}>
          <td class="mono">${n.id}</td><td>${n.role}</td><td>${badge(n.status)}</td>
          <td class="mono">${queues(n.queues)}</td><td class="num">${n.taskCount}</td>
          <td class="num">${percent(n.cpuPercent)}</td><td class="num wide">${bytes(n.memoryUsedBytes)}</td>
          <td class="wide">${n.hostname}</td><td class="wide">${timestamp(n.startedAt)}</td>
          <td class="wide">${timestamp(n.lastHeartbeatAt)}</td></tr>`)))}`;
  }
}
