import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamCall {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type UpstreamReply = (call: UpstreamCall) => { status: number; contentType?: string; body?: string; delayMs?: number };

/** A stand-in for the services behind the gateway, recording every call it receives. */
export class FakeUpstream {
  readonly calls: UpstreamCall[] = [];
  reply: UpstreamReply = (call) => ({ status: call.method === 'POST' ? 201 : 200, contentType: 'application/json', body: JSON.stringify({ ok: true }) });
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      this.calls.push(call);
      const { status, contentType, body, delayMs = 0 } = this.reply(call);
      setTimeout(() => {
        if (contentType) res.setHeader('content-type', contentType);
        res.writeHead(status).end(body);
      }, delayMs);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
