// The harness's HTTP transport never sends a request on a connection the server may already have
// closed. A server closes an idle keep-alive connection when its announced timeout runs out; a request
// sent on it at that moment is lost (a reset, no answer). That race is made deterministic here: these
// servers drop, without an answer, every request that arrives on a connection idle longer than they
// announced, or on one they said they would close.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from '@playwright/test';
import { undiciTransport } from '../../src/client/undici-transport.ts';

interface StrictServer {
  readonly url: string;
  readonly connections: () => number;
  readonly dropped: () => number;
  close(): Promise<void>;
}

/** idleSeconds: announced as `Keep-Alive: timeout=N`; 'close': `Connection: close` on every answer. */
async function strictServer(mode: { idleSeconds: number } | 'close'): Promise<StrictServer> {
  const lastAnswer = new WeakMap<Socket, number>();
  let connections = 0;
  let dropped = 0;
  const server: Server = createServer((req, res) => {
    const socket = req.socket;
    const last = lastAnswer.get(socket);
    const overdue = last !== undefined && (mode === 'close' || Date.now() - last > mode.idleSeconds * 1000);
    if (overdue) {
      dropped += 1;
      socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (mode === 'close') res.setHeader('connection', 'close');
      else res.setHeader('keep-alive', `timeout=${mode.idleSeconds}`);
      res.end('{"status":100}', () => lastAnswer.set(socket, Date.now()));
    });
  });
  // Node would close the idle socket itself a little after the announced timeout; this server keeps
  // it open, so a client that ignores the announcement meets the drop every time, not by chance.
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    connections: () => connections,
    dropped: () => dropped,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const post = (transport: ReturnType<typeof undiciTransport>, url: string) => transport({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), timeoutMs: 5_000 });

test('an announced idle timeout (Keep-Alive: timeout=3) is honoured: after 3.2 s idle the request goes on a new connection', async () => {
  const server = await strictServer({ idleSeconds: 3 });
  const transport = undiciTransport();
  try {
    for (let i = 0; i < 4; i++) expect((await post(transport, server.url)).status).toBe(200);
    expect(server.connections(), 'requests in a row share connections (keep-alive is in use)').toBeLessThan(4);
    const before = server.connections();
    await sleep(3_200);
    expect((await post(transport, server.url)).status).toBe(200);
    expect(server.dropped(), 'no request was sent on a connection idle beyond the announced timeout').toBe(0);
    expect(server.connections()).toBe(before + 1);
  } finally {
    await transport.close();
    await server.close();
  }
});

test('Connection: close is honoured: every request goes on a new connection', async () => {
  const server = await strictServer('close');
  const transport = undiciTransport();
  try {
    for (let i = 0; i < 3; i++) expect((await post(transport, server.url)).status).toBe(200);
    expect(server.dropped()).toBe(0);
    expect(server.connections()).toBe(3);
  } finally {
    await transport.close();
    await server.close();
  }
});
