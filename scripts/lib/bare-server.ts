// The loopback ceiling: a bare node:http server that reads the body, parses it as JSON and answers a
// fixed success body, in its own process like the simulator, so benchmarks compare like with like.
import { spawn } from 'node:child_process';
import { nodeCommand, type ProcessOptions } from './simulator-process.ts';

const BARE_SERVER = `
const http = require('node:http');
const reply = JSON.stringify({ status: 100, client_message: 'Success', data: { session_identifier: '7830227a-ba47-4d28-9416-cad41a446db7',
  authorized_url: 'http://127.0.0.1/session/7830227a-ba47-4d28-9416-cad41a446db7?t=637126733246949906&h=rpSb%2f%2fAeOAKjX7%2fhhOQvj9zpvwf4xeg97TuPCMtpUg0%3d',
  authorized_url_expiration_utc: '2019-12-10T20:14:19.763Z', participant_unique_id1: 'x', participant_unique_id2: '' }, time: 0 });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

export interface BareServerProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startBareServerProcess(options: ProcessOptions = {}): Promise<BareServerProcess> {
  const [command, args] = nodeCommand(['-e', BARE_SERVER], options);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}: ${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
