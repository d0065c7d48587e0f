/**
 * Answer shapes of the emulated AX `/bill/api`, byte for byte as Flask 2.2 / Werkzeug 2.2 produce
 * them: dicts as sorted-key JSON, `""` as an empty text/html 200, the plain-text 422 of a guarded
 * block, the JSON 422 of the body helper and Werkzeug's HTML error pages.
 */
import type { SmartyardDevice, SmartyardDoor } from './state.js';

/** What a route answers. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** Extra headers (Location of a redirect). */
  readonly headers?: Readonly<Record<string, string>>;
}

const HTML = 'text/html; charset=utf-8';

/** Flask's default JSON provider sorts keys (`sort_keys=True`) at every depth. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** A returned dict: 200 JSON. AX sets `JSON_AS_ASCII = False`, so Cyrillic stays unescaped. */
export const json = (body: unknown, status = 200): Reply => ({
  status,
  contentType: 'application/json',
  body: `${JSON.stringify(sortKeys(body))}\n`,
});

/** A view returning `""`: 200 with an empty text/html body. */
export const EMPTY: Reply = { status: 200, contentType: HTML, body: '' };

/** What a guarded block answers on any failure: plain text (served as text/html, a Flask `str`). */
export const REQUEST_ERROR: Reply = { status: 422, contentType: HTML, body: 'Ошибка запроса' };

/** The body helper's abort when `get_json()` is falsy (`{}`, `[]`, `0`, `""`, `null`). */
export const UNPROCESSABLE: Reply = json(
  { code: 422, name: 'Unprocessable Entity', message: 'Неверный формат данных' },
  422,
);

/** AX's app-wide 404 handler (written for the mobile API, answers every unknown path). */
export const NOT_FOUND: Reply = json({ error: 'пользователь не найден' }, 404);

function werkzeugPage(status: number, title: string, text: string): Reply {
  return {
    status,
    contentType: HTML,
    body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
  };
}

export const BAD_REQUEST = werkzeugPage(400, 'Bad Request', 'The browser (or proxy) sent a request that this server could not understand.');

export const METHOD_NOT_ALLOWED = werkzeugPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');

export const INTERNAL_ERROR = werkzeugPage(
  500,
  'Internal Server Error',
  'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
);

/** Werkzeug's strict-slashes redirect: 308 keeps the method and body. */
export function redirect(location: string): Reply {
  return {
    status: 308,
    contentType: HTML,
    headers: { location },
    body: `<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="${location}">${location}</a>. If not, click the link.\n`,
  };
}

/** A device as `devices_list/` shows it (no uuid). */
export function deviceView(d: SmartyardDevice): Record<string, unknown> {
  const { device_uuid: _uuid, ...rest } = d;
  return { ...rest };
}

/** A door as `doors_list/` shows it. */
export function doorView(d: SmartyardDoor): Record<string, unknown> {
  return { ...d };
}
