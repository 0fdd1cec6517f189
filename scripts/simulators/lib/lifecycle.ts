import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A simulator that is listening. */
export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Tracks the server's connections and returns a stop function that closes the server and
 * destroys them: hung requests and keep-alive connections would otherwise hold close() open.
 */
export function stopper(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await stopped;
  };
}

/** Listens on `host` (loopback by default); `close` runs once however often it is called. */
export function listen(server: Server, port: number, host: string, close: () => Promise<void>): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: bound } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      let closing: Promise<void> | undefined;
      resolve({ url: `http://${urlHost}:${bound}`, port: bound, close: () => (closing ??= close()) });
    });
  });
}
