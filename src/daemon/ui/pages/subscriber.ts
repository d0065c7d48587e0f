/**
 * Subscriber: search by source id, account, username or any entity key; for each subscriber
 * found, its entities on every target (each linking to its explain view), its recent ops, and
 * a "sync now" button (the same trigger path as POST /v1/sync).
 */
import type { SnapshotEntity } from '../../../model/entity.js';
import type { ConsoleDeps } from '../context.js';
import type { Page } from '../context.js';
import type { Session } from '../sessions.js';
import { href, html, type Html } from '../html.js';
import { csrfField, notice } from '../layout.js';
import { entityLink, opsTable } from '../op-view.js';
import { searchSubscribers, sourceNames, type SubscriberHit } from '../subscriber-search.js';

const RECENT_OPS = 20;

export const subscriberPage: Page = async (deps, req) => {
  // Keys and ids are short; a longer query cannot match and is cut rather than sent to the store.
  const q = (req.url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const form = html`<form method="get" action="/ui/subscriber"><input type="search" name="q" value="${q}" size="40" placeholder="hydra:123, an account number, a username, a key" aria-label="subscriber"> <button type="submit">Find</button></form>
<p class="dim">Exact match on a source id (<code>source:id</code> for one source), or on the key of any entity: Smarty customer and account, Smotreshka username, SmartYard contract uid.</p>`;
  if (q === '') return { title: 'Subscriber', body: html`<h1>Subscriber</h1>${form}` };
  const found = await searchSubscribers(deps.rt, q);
  const cards = await Promise.all(found.subscribers.map((s) => subscriberCard(deps, s, req.session)));
  const none = found.subscribers.length + found.unowned.length === 0;
  const body = html`<h1>Subscriber</h1>${form}
${none ? html`${notice('warn', html`Nothing in the snapshot has the key or source id <span class="mono">${q}</span>.`)}${newSubscriber(deps, q, req.session)}` : ''}
${cards}
${found.unowned.length > 0 ? html`<h2>Entities of no subscriber (inventory)</h2>${entityTable(found.unowned)}` : ''}`;
  return { title: `Subscriber ${q}`, body };
};

async function subscriberCard(deps: ConsoleDeps, s: SubscriberHit, session: Session | null): Promise<Html> {
  const ops = await deps.rt.store.entityOps(s.entities.map((e) => ({ target: e.target, kind: e.kind, key: e.key })), RECENT_OPS);
  return html`<section class="card" id="sub-${s.source}-${s.id}">
<h2>${s.source}:${s.id}</h2>
${entityTable(s.entities)}
${syncForm(deps, s.source, s.id, session)}
<h2>Recent ops</h2>${opsTable(ops, deps.rt.kinds, deps.now(), { withRun: true })}
</section>`;
}

function entityTable(list: readonly SnapshotEntity[]): Html {
  return html`<table><thead><tr><th>target</th><th>kind</th><th>key</th><th>parent</th><th>remote id</th></tr></thead><tbody>${list.map((e) => html`<tr><td>${e.target}</td><td>${e.kind}</td><td>${entityLink(e.target, e.kind, e.key)}</td><td>${e.parent ? `${e.parent.kind} ${e.parent.key}` : ''}</td><td class="mono">${e.remoteId ?? ''}</td></tr>`)}</tbody></table>`;
}

/** "Sync now" for one subscriber, or how to get the right to. */
export function syncForm(deps: ConsoleDeps, source: string, id: string, session: Session | null): Html {
  if (!session) {
    return deps.token === undefined
      ? html`<p class="dim">"Sync now" needs daemon.token configured.</p>`
      : html`<p><a href="${href('/ui/login', { next: href('/ui/subscriber', { q: `${source}:${id}` }) })}">Log in</a> to sync this subscriber now.</p>`;
  }
  return html`<form method="post" action="/ui/sync">${csrfField(session)}<input type="hidden" name="source" value="${source}"><input type="hidden" name="id" value="${id}"><button type="submit">Sync ${source}:${id} now</button></form>`;
}

/** Not in the snapshot: perhaps new in the billing — offer to sync it from each source. */
function newSubscriber(deps: ConsoleDeps, q: string, session: Session | null): Html {
  const sources = sourceNames(deps.rt);
  const m = /^([a-z][a-z0-9_-]*):(.+)$/.exec(q);
  const pairs = m && sources.includes(m[1]!) ? [[m[1]!, m[2]!]] : sources.map((s) => [s, q]);
  return html`<p>If it is new in the billing, sync it now:</p>${pairs.map(([s, id]) => syncForm(deps, s!, id!, session))}`;
}
