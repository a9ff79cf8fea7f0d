// Submit: a YAML or JSON document, prefilled from the shipped examples (or from a job to
// duplicate); the API's 400 message is shown next to the document; a job that is accepted opens
// its page, a scheduled job the scheduled list.
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError, text } from '../api.js';
import { problem } from '../format.js';
import { go } from '../nav.js';

const DEFAULT_EXAMPLE = 'hello.yaml';
// What a duplicate keeps of a job: the fields of a job document, in their usual order.
const DOCUMENT_FIELDS = ['name', 'description', 'tags', 'inputs', 'secrets', 'defaults', 'output',
  'webhooks', 'autoDelete', 'tasks'];

export function isJson(doc) {
  return doc.trimStart().startsWith('{');
}

/** A document with a top-level schedule is a scheduled job. */
export function isScheduled(doc) {
  if (isJson(doc)) {
    try {
      return Boolean(JSON.parse(doc).schedule);
    } catch {
      return false;
    }
  }
  return /^schedule\s*:/m.test(doc);
}

export class SubmitPage {
  mount(update, params) {
    this.update = update;
    this.examples = [];
    this.example = params.get('example') || '';
    this.doc = '';
    this.error = '';
    this.notice = '';
    this.busy = false;
    this.from = params.get('from') || '';
    this.start();
  }

  unmount() {}

  async start() {
    try {
      this.examples = await api('/ui/examples.json');
    } catch (e) {
      this.examples = [];
    }
    if (this.from) {
      await this.duplicate(this.from);
    } else {
      await this.load(this.example || (this.examples.includes(DEFAULT_EXAMPLE) ? DEFAULT_EXAMPLE
        : this.examples[0] || ''));
    }
  }

  async load(example) {
    this.example = example;
    this.error = '';
    try {
      this.doc = example ? await text(`/ui/examples/${example}`) : 'name: my job\ntasks:\n  - name: hello\n    image: alpine:3.18.3\n    run: echo hello\n';
    } catch (e) {
      this.error = problem(e);
    }
    this.update();
  }

  async duplicate(id) {
    try {
      const job = await api(`/jobs/${id}`);
      const doc = {};
      DOCUMENT_FIELDS.forEach((f) => {
        if (job[f] !== undefined && job[f] !== '') doc[f] = job[f];
      });
      this.doc = `${JSON.stringify(doc, null, 2)}\n`;
      this.notice = `A copy of “${job.name}”.`
        + (job.secrets && Object.keys(job.secrets).length ? ' Its secrets read [REDACTED]: put the real values back before submitting.' : '');
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        this.error = `Cannot read the job to duplicate: ${problem(e)}`;
      }
    }
    this.update();
  }

  async submit(event) {
    event.preventDefault();
    const doc = this.doc;
    if (!doc.trim() || this.busy) {
      return;
    }
    this.busy = true;
    this.error = '';
    this.update();
    const scheduled = isScheduled(doc);
    try {
      const answer = await api(scheduled ? '/scheduled-jobs' : '/jobs', {
        method: 'POST',
        body: doc,
        contentType: isJson(doc) ? 'application/json' : 'text/yaml',
      });
      go(scheduled ? '/ui/scheduled' : `/ui/jobs/${answer.id}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        this.error = problem(e);
      }
      this.busy = false;
      this.update();
      if (this.error) {
        document.getElementById('document')?.focus();
      }
    }
  }

  keys(event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.target.form.requestSubmit();
    }
  }

  view() {
    const scheduled = isScheduled(this.doc);
    return html`<h1>New job</h1>
      <form class="editor" @submit=${(e) => this.submit(e)}>
        <div class="editor-bar">
          <label>Start from <select id="example" @change=${(e) => this.load(e.target.value)}>
            ${this.from ? html`<option value="" selected>the job to duplicate</option>` : ''}
            ${this.examples.map((x) => html`<option value=${x} ?selected=${x === this.example}>${x}</option>`)}
          </select></label>
          <span class="hint">YAML or JSON · Ctrl+Enter submits</span>
        </div>
        <div class="editor-grid">
          <label class="sr-only" for="document">Job document</label>
          <textarea id="document" name="document" spellcheck="false" autocapitalize="off"
            autocomplete="off" rows="24" aria-describedby="submit-error submit-kind"
            aria-invalid=${this.error ? 'true' : 'false'}
            .value=${this.doc} @input=${(e) => { this.doc = e.target.value; this.error = ''; this.update(); }}
            @keydown=${(e) => this.keys(e)}></textarea>
          <aside class="editor-side">
            <p id="submit-kind" class="hint">${scheduled
              ? 'This document has a schedule: it is created as a scheduled job.'
              : 'Submitted as a job (a document with a schedule becomes a scheduled job).'}</p>
            ${this.notice ? html`<p class="notice">${this.notice}</p>` : ''}
            <div id="submit-error" role="alert" class=${this.error ? 'error' : ''}>${this.error}</div>
          </aside>
        </div>
        <div class="editor-actions">
          <button type="submit" class="primary" id="submit" ?disabled=${this.busy}>
            ${this.busy ? 'Submitting…' : scheduled ? 'Create scheduled job' : 'Submit'}</button>
          <a class="button" href="/ui/jobs">Cancel</a>
        </div>
      </form>`;
  }
}
