// Targets that misbehave at the transport level, on loopback: nobody listening, never answering,
// resetting connections after reading the request, answering bytes that are not HTTP, or asking to
// slow down. Each records what it received, so a test can prove nothing was sent twice unsafely.
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultyBehaviour = 'slow' | 'reset' | 'garbage' | 'slow-down';

export interface ReceivedRequest {
  readonly idempotencyKey?: string;
  readonly bodySha256: string;
}

export interface FaultyServer {
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startFaultyServer(behaviour: FaultyBehaviour): Promise<FaultyServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = req.headers['idempotency-key'];
    received.push({ ...(typeof key === 'string' && { idempotencyKey: key }), bodySha256: createHash('sha256').update(Buffer.concat(chunks)).digest('hex') });
    switch (behaviour) {
      case 'slow':
        return; // never answers; the harness's timeout must end it
      case 'reset':
        req.socket.destroy(); // the request may have been processed: a retry could duplicate it
        return;
      case 'garbage':
        req.socket.end('\x00\x01garbage that is not HTTP\r\n\r\n');
        return;
      case 'slow-down':
        res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"message":"slow down"}');
        return;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A loopback port with nobody listening (bound, then released). */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
