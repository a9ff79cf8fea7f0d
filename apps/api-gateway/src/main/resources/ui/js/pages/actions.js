// A job's actions, as buttons: cancel (while it has not ended), restart (failed or cancelled),
// each asking the API and then telling the page what happened.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { isTerminal, problem } from '../format.js';

async function act(job, verb, done) {
  try {
    await api(`/jobs/${job.id}/${verb}`, { method: 'PUT' });
    done(verb === 'cancel' ? `Cancelling “${job.name}”.` : `Restarting “${job.name}”.`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      done(`Cannot ${verb} “${job.name}”: ${problem(e)}`);
    }
  }
}

function cancel(job, done) {
  if (confirm(`Cancel the job “${job.name}”? Its running task is stopped.`)) {
    act(job, 'cancel', done);
  }
}

export function jobActions(job, done, { duplicate = false } = {}) {
  return html`${isTerminal(job.state) ? '' : html`<button class="danger" data-action="cancel"
      @click=${() => cancel(job, done)}>Cancel</button>`}
    ${job.state === 'FAILED' || job.state === 'CANCELLED'
      ? html`<button data-action="restart" @click=${() => act(job, 'restart', done)}>Restart</button>`
      : ''}
    ${duplicate ? html`<a class="button" data-action="duplicate"
      href="/ui/submit?from=${job.id}">Duplicate</a>` : ''}`;
}
