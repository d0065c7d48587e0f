/** Raw HTTP for the console tests: any Host/Origin header, no redirect following, forms. */
import { request as httpRequest } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function request(base: string, path: string, opts: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Reply> {
  const url = new URL(path, base);
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: opts.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers: { ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...opts.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Logs in; the session cookie and the CSRF token the pages carry. */
export async function login(base: string, token: string, who = 'Оператор Иван'): Promise<{ cookie: string; csrf: string }> {
  const r = await request(base, '/ui/login', { form: { token, who, next: '/ui/held' } });
  if (r.status !== 303) throw new Error(`login answered ${r.status}: ${r.body.slice(0, 500)}`);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? [])[0] ?? '';
  const cookie = set.split(';')[0]!;
  const page = await request(base, '/ui/held', { headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('no CSRF field on the page after login');
  return { cookie, csrf };
}
