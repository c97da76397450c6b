import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api-client.js';

/** A gateway stand-in: logins issue token n+1; only the newest token is accepted (the older ones expired). */
function tokenServer(): { server: Server; logins: () => number; expire: () => void; refuseAll: () => void } {
  let issued = 0;
  let current = '';
  let refusing = false;
  const server = createServer((req, res) => {
    const reply = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    req.resume().on('end', () => {
      if (req.url === '/api/v1/auth/login') {
        issued += 1;
        current = `token-${issued}`;
        reply(200, { accessToken: current, refreshToken: 'r', expiresIn: 900, tokenType: 'Bearer' });
      } else if (!refusing && req.headers.authorization === `Bearer ${current}`) {
        reply(200, { ok: true });
      } else {
        reply(401, { code: 'UNAUTHENTICATED' });
      }
    });
  });
  return { server, logins: () => issued, expire: () => { current = 'expired'; }, refuseAll: () => { refusing = true; } };
}

describe('ApiClient', () => {
  it('logs in again once when its access token has expired, for all the requests that found it so at once', async () => {
    const { server, logins, expire, refuseAll } = tokenServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await api.login('admin', 'secret');
      assert.equal((await api.send('GET', '/thing')).status, 200);
      expire();
      const answers = await Promise.all(Array.from({ length: 10 }, () => api.send('GET', '/thing')));
      assert.deepEqual(answers.map(({ status }) => status), new Array(10).fill(200));
      assert.equal(logins(), 2, 'one new login for the ten requests');
      refuseAll();
      assert.equal((await api.send('GET', '/thing')).status, 401, 'refused right after a new login: the answer stands');
      assert.equal(logins(), 3, 'one new login, not endless ones');
    } finally {
      server.close();
    }
  });
});
