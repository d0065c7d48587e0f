/** The 404 page of the console, with the way back. */
import type { PageResult } from '../context.js';
import { html } from '../html.js';
import { notice } from '../layout.js';

export function notFound(message: string): PageResult {
  return { status: 404, title: 'Not found', body: html`<h1>Not found</h1>${notice('bad', message)}<p><a href="/ui/">Back to the overview</a></p>` };
}
