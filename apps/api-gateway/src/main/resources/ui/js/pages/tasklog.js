// One task's log: followed live (GET /tasks/{id}/log?follow=true, Server-Sent Events) while the
// task has not ended; read page by page (newest first, so read back to front) once it has.
import { api, stream } from '../api.js';
import { isTerminal, problem } from '../format.js';

const PAGE = 100;
const MAX_PAGES = 20;
// What the page keeps of a log: a task may print for hours; the oldest parts go first.
export const MAX_PARTS = PAGE * MAX_PAGES;

export class TaskLog {
  constructor(task, changed) {
    this.task = task;
    this.changed = changed;
    this.parts = new Map();
    this.following = false;
    this.error = '';
    this.truncated = false;
    this.abort = new AbortController();
    this.start();
  }

  async start() {
    try {
      if (isTerminal(this.task.state)) {
        await this.read();
      } else {
        this.following = true;
        this.changed();
        await stream(`/tasks/${this.task.id}/log?follow=true`, (name, data) => {
          if (name === 'log') {
            const part = JSON.parse(data);
            this.add(part);
            this.changed();
          }
        }, this.abort.signal);
      }
    } catch (e) {
      if (this.abort.signal.aborted) {
        return;
      }
      this.error = problem(e);
    }
    this.following = false;
    this.changed();
  }

  async read() {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await api(`/tasks/${this.task.id}/log?page=${page}&size=${PAGE}`,
        { signal: this.abort.signal });
      answer.items.forEach((part) => this.add(part));
      if (page >= answer.totalPages) {
        return;
      }
    }
    this.truncated = true; // the oldest parts are left out
  }

  add(part) {
    this.parts.set(part.number, part.contents);
    if (this.parts.size > MAX_PARTS) {
      this.parts.delete(Math.min(...this.parts.keys()));
      this.truncated = true;
    }
  }

  text() {
    return [...this.parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]).join('');
  }

  close() {
    this.abort.abort();
  }
}
