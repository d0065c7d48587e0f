/** The login form: the daemon token (never echoed back) and an optional name for the log. */
import type { PageResult } from '../context.js';
import { html } from '../html.js';
import { notice } from '../layout.js';

/** Only console paths are followed after login: no open redirect to another site. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/ui\/(?![/\\])/.test(next) && !next.includes('\\') ? next : '/ui/';
}

export function loginPage(opts: { next: string | null; error?: string; tokenSet: boolean; auth: 'none' | 'token'; status?: number }): PageResult {
  if (!opts.tokenSet) {
    return { status: opts.status ?? 200, title: 'Log in', body: html`<h1>Log in</h1>${notice('warn', html`This daemon has no <code>daemon.token</code>: nobody can log in, so approving and "sync now" are off. Set <code>daemon.token</code> (from <code>\${ENV_VAR}</code> or <code>\${file:/path}</code>) and restart.`)}` };
  }
  return {
    status: opts.status ?? 200,
    title: 'Log in',
    body: html`<h1>Log in</h1>
${opts.error ? notice('bad', opts.error) : ''}
<p class="dim">${opts.auth === 'token' ? 'The console needs the daemon token for every page.' : 'Pages are open to read; approving and "sync now" need the daemon token.'} It is <code>daemon.token</code> in sync.yaml, the same token POST /v1/sync takes.</p>
<form class="login" method="post" action="/ui/login">
<input type="hidden" name="next" value="${safeNext(opts.next)}">
<label>Daemon token <input type="password" name="token" autocomplete="current-password" required></label>
<label>Your name <span class="dim">(for the action log)</span> <input type="text" name="who" maxlength="64"></label>
<button type="submit">Log in</button>
</form>`,
  };
}
