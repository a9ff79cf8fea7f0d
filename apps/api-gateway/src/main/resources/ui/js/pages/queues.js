// Queues: each queue's tasks not yet taken, and how many workers take from it.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { RefreshedPage, listing, messages, table } from './listing.js';

export class QueuesPage extends RefreshedPage {
  async fetch() {
    this.queues = await api('/queues');
  }

  view() {
    return html`<h1>Queues</h1>
      ${messages(this)}
      ${listing(this.queues, 'No queue yet: a queue appears with its first task or worker.', () => table('queues',
        html`<th>Queue</th><th class="num">Waiting tasks</th><th class="num">Workers</th>`,
        this.queues.map((q) => html`<tr data-queue=${q.name}><td class="mono">${q.name}</td>
          <td class="num">${q.size}</td><td class="num">${q.subscribers}</td></tr>`)))}`;
  }
}
