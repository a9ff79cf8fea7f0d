// The sign-in the API's 401 calls for: an API key, or a user and password; kept for this tab's
// session only (sessionStorage), sent as Authorization on every request (ADR 21).
import { html } from '../../vendor/lit-html/lit-html.js';
import { api, ApiError, signIn, signOut } from '../api.js';
import { problem } from '../format.js';

export class SignIn {
  constructor(signedIn, update) {
    this.signedIn = signedIn;
    this.update = update;
    this.mode = 'key';
    this.error = '';
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    signIn(this.mode === 'key'
      ? { apiKey: String(form.get('apiKey') || '') }
      : { username: String(form.get('username') || ''), password: String(form.get('password') || '') });
    try {
      await api('/jobs?size=1');
      this.signedIn();
    } catch (e) {
      signOut();
      this.error = e instanceof ApiError && e.status === 401
        ? 'Those credentials were refused.' : problem(e);
      this.update();
    }
  }

  view() {
    const tab = (mode, label) => html`<button type="button" role="tab" aria-selected=${this.mode === mode}
      class=${this.mode === mode ? 'active' : ''} @click=${() => { this.mode = mode; this.error = ''; this.update(); }}>${label}</button>`;
    return html`<section class="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p>This Tork API asks who you are. What you enter stays in this tab until it closes.</p>
      <div role="tablist">${tab('key', 'API key')}${tab('user', 'User and password')}</div>
      <form id="signin" @submit=${(e) => this.submit(e)}>
        ${this.mode === 'key'
          ? html`<label>API key <input name="apiKey" type="password" autocomplete="off" required autofocus></label>`
          : html`<label>User <input name="username" autocomplete="username" required autofocus></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>`}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <button type="submit" class="primary">Sign in</button>
      </form>
    </section>`;
  }
}
