// Every call of the REST API goes through here: the credentials of the tab's session (if any) on
// each request, Tork's {"message": ...} errors as ApiError, and a 401 asking the app to sign in.
// Server-Sent Events are read with fetch, not EventSource, so that they carry the same
// Authorization header (ADR 21).

const KEY = 'tork.authorization';
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The Authorization header value kept for this tab, or null. */
export function credentials() {
  return sessionStorage.getItem(KEY);
}

export function signIn({ apiKey, username, password }) {
  const value = apiKey
    ? `Bearer ${apiKey.trim()}`
    : `Basic ${base64(`${username}:${password}`)}`;
  sessionStorage.setItem(KEY, value);
}

function base64(text) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Calls back on every 401: the app shows its sign-in. */
export function onUnauthorized(listener) {
  listeners.add(listener);
}

function headers(extra = {}) {
  // X-Requested-With: a gateway asking for Basic credentials should not make the browser open its
  // own dialog for the app's requests (ADR 21).
  const h = { 'X-Requested-With': 'XMLHttpRequest', ...extra };
  const auth = credentials();
  if (auth) {
    h.Authorization = auth;
  }
  return h;
}

async function failure(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && typeof body.message === 'string') {
      message = body.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  if (response.status === 401) {
    listeners.forEach((l) => l());
  }
  return new ApiError(response.status, message);
}

/** GET (or another method) a JSON answer; throws ApiError for a status that is not 2xx. */
export async function api(path, { method = 'GET', body, contentType, signal } = {}) {
  const response = await fetch(path, {
    method,
    body,
    signal,
    headers: headers(contentType ? { 'Content-Type': contentType } : {}),
    cache: 'no-store',
  });
  if (!response.ok) {
    throw await failure(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/** A text file of the UI itself (an example document). */
export async function text(path) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.text();
}

/**
 * Reads a Server-Sent Events stream: calls onEvent(name, data) for each event, resolves when the
 * server ends the stream, rejects on an error status or a broken connection. Abort with signal.
 */
export async function stream(path, onEvent, signal) {
  const response = await fetch(path, {
    headers: headers({ Accept: 'text/event-stream' }),
    cache: 'no-store',
    signal,
  });
  if (!response.ok) {
    throw await failure(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser(onEvent);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      parser.end();
      return;
    }
    parser.push(value);
  }
}

/** The text/event-stream format: fields per line, an event per blank line. */
export class EventParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.name = '';
    this.data = [];
  }

  push(chunk) {
    this.buffer += chunk;
    let at;
    while ((at = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      if (at === this.buffer.length - 1 && this.buffer.endsWith('\r')) {
        break; // a \r\n split between two chunks: wait for the rest
      }
      const line = this.buffer.slice(0, at);
      const eol = this.buffer.startsWith('\r\n', at) ? 2 : 1;
      this.buffer = this.buffer.slice(at + eol);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length) {
        this.onEvent(this.name || 'message', this.data.join('\n'));
      }
      this.name = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) {
      return; // a comment (keep-alive)
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.name = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
  }

  end() {
    if (this.buffer) {
      this.line(this.buffer);
      this.buffer = '';
    }
    this.line('');
  }
}
