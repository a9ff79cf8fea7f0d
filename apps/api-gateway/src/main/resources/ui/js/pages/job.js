// A job: its state and times, inputs, result or error; every task record (state, attempt, node,
// timings, error) with a timeline; live from GET /jobs/{id}/events; a task's log, followed while
// it runs; cancel, restart, duplicate.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError, stream } from '../api.js';
import { badge, ended, isTerminal, percent, problem, runtime, timestamp, truncate } from '../format.js';
import { jobActions } from './actions.js';
import { tagLink } from './jobs.js';
import { MAX_PARTS, TaskLog } from './tasklog.js';
import { timeline } from './timeline.js';
import { rows } from './tree.js';

/** Task records read per page beyond the job's answer (the API's largest page). */
const PAGE = 1000;

const RESYNC_MS = 1000;

export class JobPage {
  constructor(id) {
    this.id = id;
  }

  mount(update, params) {
    this.update = update;
    this.job = null;
    this.error = '';
    this.notice = '';
    this.selected = params.get('task') || '';
    this.chosen = Boolean(this.selected);
    this.log = null;
    this.closed = false;
    this.abort = new AbortController();
    this.live();
  }

  unmount() {
    this.closed = true;
    this.abort.abort();
    if (this.log) {
      this.log.close();
    }
  }

  /** The whole job, then its changes as they happen; after a broken stream, the whole job again. */
  async live() {
    while (!this.closed) {
      try {
        this.job = await api(`/jobs/${this.id}`, { signal: this.abort.signal });
        this.error = '';
        if (this.job.parentId && this.parentJob === undefined) {
          this.parent(this.job.parentId);
        }
        if (this.chosen && !this.log) {
          this.select(this.selected);
        }
        this.followSelected();
        this.changed();
        if (isTerminal(this.job.state)) {
          return;
        }
        let first = true;
        await stream(`/jobs/${this.id}/events`, (name, data) => {
          if (first) {
            first = false;
            this.resync(); // what changed between the read above and the stream's start
          }
          this.onEvent(name, JSON.parse(data));
        }, this.abort.signal);
      } catch (e) {
        if (this.closed) {
          return;
        }
        if (e instanceof ApiError && (e.status === 404 || e.status === 401)) {
          this.error = e.status === 404 ? 'No job with this id.' : '';
          this.changed();
          return;
        }
        this.error = `Live updates interrupted (${problem(e)}); retrying.`;
        this.changed();
      }
      // The stream ended (the job ended, or the connection broke): read the whole job again.
      await new Promise((resolve) => setTimeout(resolve, isTerminal(this.job?.state) ? 0 : RESYNC_MS));
    }
  }

  /** A sub-job names the task that started it: its job is the one to link back to. */
  async parent(taskId) {
    this.parentJob = null;
    try {
      this.parentJob = (await api(`/tasks/${taskId}`, { signal: this.abort.signal })).jobId || null;
      this.changed();
    } catch {
      // no link back then
    }
  }

  async resync() {
    try {
      const job = await api(`/jobs/${this.id}`, { signal: this.abort.signal });
      job.execution.forEach((task) => this.merge(task));
      this.followSelected();
      this.changed();
    } catch {
      // the stream goes on; the next reconnect reads the job again
    }
  }

  onEvent(name, data) {
    if (!this.job) {
      return;
    }
    if (name === 'job') {
      Object.assign(this.job, data);
    } else if (name === 'task') {
      this.merge(data);
      this.followSelected();
    }
    this.changed();
  }

  /** A task record, unless the page already shows a later state of it. */
  merge(task) {
    const list = this.job.execution;
    const at = list.findIndex((t) => t.id === task.id);
    if (at < 0) {
      list.push(task);
    } else if (rank(task.state) >= rank(list[at].state)) {
      list[at] = task;
    }
  }

  /**
   * Until someone picks a task, the log shown is the newest running task's: a running job shows
   * its output as it comes.
   */
  followSelected() {
    if (this.chosen) {
      return;
    }
    const shown = this.job.execution.find((t) => t.id === this.selected);
    if (shown && !isTerminal(shown.state)) {
      return;
    }
    const running = this.job.execution.filter((t) => t.state === 'RUNNING' && !isComposite(t));
    if (running.length && running[running.length - 1].id !== this.selected) {
      this.select(running[running.length - 1].id, false);
    }
  }

  select(taskId, chosen = true) {
    const task = this.job.execution.find((t) => t.id === taskId);
    if (!task) {
      return;
    }
    if (this.log) {
      this.log.close();
    }
    this.selected = taskId;
    this.chosen = chosen;
    this.log = new TaskLog(task, () => this.changed());
    if (chosen) {
      history.replaceState(null, '', `/ui/jobs/${this.id}?task=${taskId}`);
    }
    this.changed();
  }

  changed() {
    if (this.pending) {
      return;
    }
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      if (this.closed) {
        return;
      }
      const pre = document.querySelector('#task-log pre');
      const atEnd = !pre || pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
      this.update();
      const after = document.querySelector('#task-log pre');
      if (after && atEnd) {
        after.scrollTop = after.scrollHeight;
      }
    });
  }

  view() {
    if (!this.job) {
      return this.error
        ? html`<h1>Job</h1><p class="error" role="alert">${this.error}</p>
            <p><a href="/ui/jobs">All jobs</a></p>`
        : html`<p class="loading">Loading…</p>`;
    }
    const job = this.job;
    const list = rows(job.execution);
    return html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/ui/jobs">Jobs</a> ›
        ${this.parentJob ? html`<a href="/ui/jobs/${this.parentJob}" id="parent-job">the job that started this sub-job</a> ›` : ''}</nav>
      <div class="title">
        <h1 id="job-name">${job.name}</h1>
        <span id="job-state">${badge(job.state)}</span>
        <div class="title-actions">${jobActions(job, (m) => this.acted(m), { duplicate: true })}</div>
      </div>
      ${job.description ? html`<p class="description">${job.description}</p>` : ''}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${facts(job)}
      ${job.error ? html`<section><h2>Error</h2><pre class="error-box" id="job-error">${job.error}</pre></section>` : ''}
      ${job.result ? html`<section><h2>Result</h2><pre class="result-box" id="job-result">${job.result}</pre></section>` : ''}
      ${inputs(job.inputs)}
      <section><h2>Timeline</h2>${timeline(list)}</section>
      <section><h2>Tasks</h2>${this.tasks(list)}${this.more(job)}</section>
      ${this.logView()}`;
  }

  /**
   * A job with more task records than its answer carries (GET /jobs/{id} holds the first 1,000):
   * say so, and read the next page of GET /jobs/{id}/tasks on demand.
   */
  more(job) {
    const total = job.executionCount ?? job.execution.length;
    if (total <= job.execution.length) {
      return '';
    }
    return html`<p class="notice" id="tasks-more">Showing ${job.execution.length.toLocaleString()}
      of ${total.toLocaleString()} task records.
      <button type="button" class="secondary" @click=${() => this.loadMore()}>Show the next ${PAGE.toLocaleString()}</button></p>`;
  }

  async loadMore() {
    const next = Math.floor(this.job.execution.length / PAGE) + 1;
    try {
      const page = await api(`/jobs/${this.id}/tasks?page=${next}&size=${PAGE}`, { signal: this.abort.signal });
      page.items.forEach((task) => this.merge(task));
      this.changed();
    } catch (e) {
      this.error = `Cannot read more task records (${problem(e)}).`;
      this.changed();
    }
  }

  acted(message) {
    this.notice = message;
    this.changed();
  }

  tasks(list) {
    if (!list.length) {
      return html`<p class="empty">No task has been scheduled yet.</p>`;
    }
    return html`<div class="scroll"><table class="list" id="tasks">
      <thead><tr><th>Task</th><th>State</th><th class="num wide">Attempt</th><th class="wide">Node</th>
        <th class="wide">Started</th><th class="wide">Ended</th><th class="num">Runtime</th>
        <th>Result or error</th><th><span class="sr-only">Log</span></th></tr></thead>
      <tbody>${list.map(({ task, depth, more }) => (task ? this.taskRow(task, depth)
        : html`<tr class="more"><td colspan="9" class="depth-${Math.min(depth, 4)}">… and ${more} more</td></tr>`))}</tbody>
    </table></div>`;
  }

  taskRow(task, depth) {
    const selected = task.id === this.selected;
    const progress = task.state === 'RUNNING' && task.progress ? ` (${percent(task.progress)})` : '';
    const composite = isComposite(task);
    return html`<tr data-task=${task.id} class=${selected ? 'selected' : ''}>
      <td class="name depth-${Math.min(depth, 4)}">${task.name}
        ${task.subJobId ? html`<a class="tag" href="/ui/jobs/${task.subJobId}">sub-job</a>` : ''}
        ${composite && task.size ? html`<span class="tag">${task.completions || 0}/${task.size}</span>` : ''}</td>
      <td>${badge(task.state)}${progress}</td>
      <td class="num wide">${task.attempt || 1}</td>
      <td class="wide mono">${truncate(task.nodeId, 14)}</td>
      <td class="wide">${timestamp(task.startedAt)}</td>
      <td class="wide">${timestamp(ended(task))}</td>
      <td class="num">${runtime(task)}</td>
      <td class=${task.error ? 'error-text' : ''}>${truncate(task.error || task.result, 80)}</td>
      <td class="actions">${composite ? '' : html`<button data-action="log" aria-pressed=${selected}
        @click=${() => this.select(task.id)}>Log</button>`}</td>
    </tr>`;
  }

  logView() {
    if (!this.log) {
      return '';
    }
    const task = this.job.execution.find((t) => t.id === this.selected) || this.log.task;
    const text = this.log.text();
    return html`<section id="task-log" aria-live="polite">
      <h2>Log of “${task.name}” ${this.log.following ? html`<span class="live">live</span>` : ''}</h2>
      ${this.log.error ? html`<p class="error" role="alert">${this.log.error}</p>` : ''}
      ${this.log.truncated ? html`<p class="notice">Only the newest ${MAX_PARTS} parts of this log are shown.</p>` : ''}
      <pre tabindex="0">${text || (this.log.following ? 'waiting for output…' : 'no output')}</pre>
    </section>`;
  }
}

/** States only move forward: created, scheduled, running, ended. */
function rank(state) {
  if (isTerminal(state)) return 3;
  return { SCHEDULED: 1, RUNNING: 2 }[state] || 0;
}

function isComposite(task) {
  return Boolean(task.parallel || task.each || task.subjob);
}

function facts(job) {
  const fact = (label, value, id) => (value ? html`<div><dt>${label}</dt><dd id=${id}>${value}</dd></div>` : '');
  return html`<dl class="facts">
    ${fact('Id', html`<code>${job.id}</code>`, 'job-id')}
    ${fact('Created', timestamp(job.createdAt), 'job-created')}
    ${fact('Started', timestamp(job.startedAt), 'job-started')}
    ${fact('Ended', timestamp(ended(job)), 'job-ended')}
    ${fact('Runtime', runtime(job), 'job-runtime')}
    ${fact('Tasks', `${Math.min(job.position || 0, job.taskCount)} of ${job.taskCount}`, 'job-position')}
    ${(job.tags || []).length ? fact('Tags', job.tags.map((t) => tagLink(t)), 'job-tags') : ''}
    ${isTerminal(job.state) ? '' : html`<div><dt>Progress</dt><dd><progress max="100"
      .value=${job.progress || 0} aria-label="Progress"></progress> ${percent(job.progress)}</dd></div>`}
  </dl>`;
}

function inputs(values) {
  const entries = Object.entries(values || {});
  if (!entries.length) {
    return '';
  }
  return html`<section><h2>Inputs</h2><div class="scroll"><table class="kv" id="job-inputs">
    <tbody>${entries.map(([k, v]) => html`<tr><th scope="row">${k}</th><td class="mono">${v}</td></tr>`)}</tbody>
  </table></div></section>`;
}
