// A job's timeline: one Gantt bar per task record, from its start to its end (its wait in the
// queue before, lighter), children grouped under their parent. Bars are SVG rectangles placed by
// attributes on a 0..100 scale: the page's Content-Security-Policy allows no style attribute.
import { html, svg } from '../../vendor/lit-html/lit-html.js';
import { clock, duration, ended, isTerminal } from '../format.js';

function at(iso) {
  return iso ? Date.parse(iso) : NaN;
}

function span(rows, now) {
  let start = Infinity;
  let end = -Infinity;
  for (const { task } of rows) {
    if (!task) continue;
    const from = at(task.scheduledAt) || at(task.createdAt);
    const to = at(ended(task)) || (isTerminal(task.state) ? at(task.startedAt) || from : now);
    if (from < start) start = from;
    if (to > end) end = to;
  }
  if (!Number.isFinite(start)) {
    return null;
  }
  return { start, end: Math.max(end, start + 1000) };
}

function bar(task, range, now) {
  const total = range.end - range.start;
  const pos = (ms) => (((ms - range.start) / total) * 100).toFixed(3);
  const width = (from, to) => Math.max(0.4, ((to - from) / total) * 100).toFixed(3);
  const queued = at(task.scheduledAt) || at(task.createdAt);
  const started = at(task.startedAt);
  const stop = at(ended(task)) || (isTerminal(task.state) ? started || queued : now);
  const waitEnd = Number.isFinite(started) ? started : stop;
  const label = `${task.name}: ${task.state.toLowerCase()}${Number.isFinite(started)
    ? `, ran ${duration(stop - started)}` : ''}`;
  return html`<svg class="lane-bars" viewBox="0 0 100 10" preserveAspectRatio="none"
      aria-hidden="true" focusable="false">
      ${waitEnd > queued ? svg`<rect class="bar wait" x=${pos(queued)} y="1" height="8"
        width=${width(queued, waitEnd)}></rect>` : ''}
      ${Number.isFinite(started) ? svg`<rect class="bar state-${task.state.toLowerCase()}"
        x=${pos(started)} y="0" height="10" width=${width(started, stop)}><title>${label}</title></rect>`
        : ''}</svg><span class="sr-only">${label}</span>`;
}

export function timeline(rows, now = Date.now()) {
  const range = span(rows, now);
  if (!range) {
    return html`<p class="empty">No task yet.</p>`;
  }
  return html`<div class="timeline" id="timeline" role="list">
    <div class="axis" aria-hidden="true"><span>${clock(range.start)}</span>
      <span>${duration(range.end - range.start)}</span><span>${clock(range.end)}</span></div>
    ${rows.map(({ task, depth, more }) => task
      ? html`<div class="lane" role="listitem" data-task=${task.id}>
          <span class="lane-name depth-${Math.min(depth, 4)}">${task.subJobId
            ? html`<a href="/ui/jobs/${task.subJobId}">${task.name}</a>` : task.name}</span>
          ${bar(task, range, now)}</div>`
      : html`<div class="lane more" role="listitem"><span class="lane-name depth-${Math.min(depth, 4)}">
          … ${more} more</span></div>`)}
  </div>`;
}
