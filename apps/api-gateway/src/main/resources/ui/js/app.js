// The app: a router over the History API (every page has its own /ui/... address, loadable
// directly), the layout, and the sign-in shown when the API answers 401.
import { html, render } from '../vendor/lit-html/lit-html.js';
import { credentials, onUnauthorized, signOut } from './api.js';
import { JobsPage } from './pages/jobs.js';
import { JobPage } from './pages/job.js';
import { SubmitPage } from './pages/submit.js';
import { ScheduledPage } from './pages/scheduled.js';
import { NodesPage } from './pages/nodes.js';
import { QueuesPage } from './pages/queues.js';
import { SignIn } from './pages/signin.js';
import { go } from './nav.js';

const routes = [
  { pattern: /^\/ui\/?$/, page: () => new JobsPage(), nav: 'jobs' },
  { pattern: /^\/ui\/jobs\/?$/, page: () => new JobsPage(), nav: 'jobs' },
  { pattern: /^\/ui\/jobs\/([0-9a-zA-Z-]+)\/?$/, page: (m) => new JobPage(m[1]), nav: 'jobs' },
  { pattern: /^\/ui\/submit\/?$/, page: () => new SubmitPage(), nav: 'submit' },
  { pattern: /^\/ui\/scheduled\/?$/, page: () => new ScheduledPage(), nav: 'scheduled' },
  { pattern: /^\/ui\/nodes\/?$/, page: () => new NodesPage(), nav: 'nodes' },
  { pattern: /^\/ui\/queues\/?$/, page: () => new QueuesPage(), nav: 'queues' },
];

const root = document.getElementById('app');
root.textContent = ''; // the "Loading…" shown before the scripts ran
let current = null;
let nav = '';
let signIn = null;

/** Re-renders the whole app (lit-html touches only what changed). */
export function update() {
  render(layout(), root);
}

function route() {
  if (current) {
    current.unmount();
  }
  const path = location.pathname;
  const found = routes.find((r) => r.pattern.test(path));
  nav = found ? found.nav : '';
  current = found ? found.page(path.match(found.pattern)) : new NotFound(path);
  signIn = null;
  current.mount(update, new URLSearchParams(location.search));
  update();
}

class NotFound {
  constructor(path) {
    this.path = path;
  }

  mount() {}

  unmount() {}

  view() {
    return html`<h1>Not found</h1>
      <p>No page at <code>${this.path}</code>. <a href="/ui/jobs">See the jobs</a>.</p>`;
  }
}

function link(name, label) {
  const here = nav === name;
  return html`<a href="/ui/${name}" class=${here ? 'active' : ''}
    aria-current=${here ? 'page' : 'false'}>${label}</a>`;
}

function signOutAndReload() {
  signOut();
  location.reload();
}

function layout() {
  return html`<header class="top">
      <a class="brand" href="/ui/jobs" aria-label="Tork: jobs">
        <img src="/ui/img/tork.svg" alt="" width="24" height="24"><span>Tork</span>
      </a>
      <nav aria-label="Main">
        ${link('jobs', 'Jobs')} ${link('scheduled', 'Scheduled')} ${link('queues', 'Queues')}
        ${link('nodes', 'Nodes')}
      </nav>
      <div class="top-actions">
        ${credentials() ? html`<button class="link" @click=${signOutAndReload}>Sign out</button>` : ''}
        <a class="button primary" href="/ui/submit" id="new-job">New job</a>
      </div>
    </header>
    <main id="main" tabindex="-1">${signIn ? signIn.view() : current ? current.view() : ''}</main>`;
}

onUnauthorized(() => {
  if (!signIn) {
    if (current) {
      current.unmount();
    }
    signIn = new SignIn(() => route(), update);
    update();
  }
});

document.addEventListener('click', (event) => {
  const a = event.target.closest('a');
  if (!a || event.defaultPrevented || event.button !== 0 || a.target || a.hasAttribute('download')
      || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/ui/')
      || /\.[a-z0-9]+$/i.test(url.pathname)) {
    return;
  }
  event.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) {
    go(url.pathname + url.search);
  }
});

window.addEventListener('popstate', route);
route();
