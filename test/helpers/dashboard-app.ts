/**
 * A small "private dashboard" on 127.0.0.1 for auth-profile tests: `/login` (a green page with a
 * password form) sets the session cookie on POST; `/dashboard` (a solid blue page) needs that
 * cookie, a `token` in localStorage to show its secret panel, and otherwise redirects to /login.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const SESSION = 'session=s3cr3t-session-value';

export interface DashboardApp {
  origin: string;
  close(): void;
}

export async function startDashboardApp(): Promise<DashboardApp> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const loggedIn = (req.headers.cookie ?? '').split(/;\s*/).includes(SESSION);
    if (url.pathname === '/login' && req.method === 'POST') {
      res.writeHead(302, { 'Set-Cookie': `${SESSION}; Path=/; HttpOnly`, Location: '/dashboard' }).end();
      return;
    }
    if (url.pathname === '/login') {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Log in · Acme</title>
        <body style="margin:0;background:#00aa00;font:24px sans-serif">
        <form method="post" action="/login"><input name="user"><input type="password" name="pass"><button>Log in</button></form>`);
      return;
    }
    if (url.pathname === '/gate') {
      // A logged-out page that neither redirects nor says "log in": only its password field tells.
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Acme</title>
        <body><form><input name="user"><input type="password" name="pass"><button>Go</button></form>`);
      return;
    }
    if (url.pathname === '/dashboard') {
      if (!loggedIn) {
        res.writeHead(302, { Location: '/login?next=/dashboard' }).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><title>Dashboard · Acme</title>
        <body style="margin:0;background:#0000ff;color:#fff;font:24px sans-serif">
        <div id="panel" style="position:absolute;top:0;left:0;width:100px;height:100px"></div>
        <script>if (localStorage.getItem('token') === 'tok-123') document.getElementById('panel').style.background = '#ff0000';</script>
        <h1>Revenue</h1>`);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}
