/**
 * Request and response plumbing of the console: form bodies, cookies, and responses that always
 * carry the security headers (CSP without inline scripts or styles, no framing, no caching).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Html } from './html.js';

export const SESSION_COOKIE = 'billsync_session';

/** Scripts none at all; styles and everything else only from the daemon itself. */
export const CSP = "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Not no-referrer: under it Chromium sends `Origin: null` with form posts, and sameOrigin()
  // must refuse those. same-origin still sends nothing to other sites.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const MAX_FORM = 8 * 1024;

export function sendHtml(res: ServerResponse, status: number, page: Html, headers: Readonly<Record<string, string | string[]>> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(page.text);
}

export function sendAsset(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': contentType, 'cache-control': 'max-age=300' });
  res.end(body);
}

/** 303 See Other: the answer to a form POST, and to a page that needs a login first. */
export function redirect(res: ServerResponse, location: string, headers: Readonly<Record<string, string | string[]>> = {}): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, ...headers });
  res.end();
}

/** An `application/x-www-form-urlencoded` body; null when it is too large or of another type. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The session cookie: not readable by scripts, never sent by another site's page or form. */
export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/ui; HttpOnly; SameSite=Strict`;
}

export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/ui; HttpOnly; SameSite=Strict; Max-Age=0`;

/**
 * Whether a POST comes from the console's own pages as far as the browser says: an `Origin`
 * (or, without one, `Referer`) naming another host is refused. Requests with neither (curl,
 * old browsers) are left to the CSRF token, which they must still carry.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host;
  const origin = req.headers.origin ?? req.headers.referer;
  if (origin === undefined) return true;
  if (origin === 'null' || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function remoteAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
