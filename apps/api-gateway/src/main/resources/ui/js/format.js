// How the UI writes times, durations, states and numbers.
import { html } from '../vendor/lit-html/lit-html.js';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);

export function isTerminal(state) {
  return TERMINAL.has(state);
}

export function ended(item) {
  return item.completedAt || item.failedAt || '';
}

export function timestamp(iso) {
  if (!iso) {
    return '';
  }
  const at = new Date(iso);
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** A short time of day, for a timeline's axis. */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { timeStyle: 'medium' });
}

export function duration(ms) {
  if (ms == null || Number.isNaN(ms) || ms < 0) {
    return '';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = ms / 1000;
  if (s < 60) {
    return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ${Math.round(s - m * 60)}s`;
  }
  const h = Math.floor(m / 60);
  return `${h}h ${m - h * 60}m`;
}

/** How long it ran: from its start to its end, or to now while it runs. */
export function runtime(item, now = Date.now()) {
  if (!item.startedAt) {
    return '';
  }
  const end = ended(item) ? Date.parse(ended(item)) : isTerminal(item.state) ? NaN : now;
  return duration(end - Date.parse(item.startedAt));
}

export function truncate(text, max) {
  const s = text == null ? '' : String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function percent(value) {
  return `${Math.round((value || 0) * 100) / 100}%`;
}

export function bytes(n) {
  if (!n) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

export function badge(state) {
  const s = state || 'UNKNOWN';
  return html`<span class="badge state-${s.toLowerCase()}" data-state=${s}>${s.toLowerCase()}</span>`;
}

/** An error answer or a thrown error, as a line for the page. */
export function problem(error) {
  return error && error.message ? error.message : String(error);
}
