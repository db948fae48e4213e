import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DemoCredentials } from './accounts';
import { Router } from './router';
import { SandboxState } from './state';

export type { DemoCredentials } from './accounts';

export interface SandboxOptions {
  /** 0 (the default) picks a free port; the real one is in `url`. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Vehicles of the demo account (default 50); the other account gets a fifth as many. */
  vehicles?: number;
  /** Seeds credentials, stock and contacts (default 1). */
  seed?: number;
  /** Whether GetLeadDetail includes LeadStatus (default false, as documented). */
  leadStatusInDetail?: boolean;
}

export interface Sandbox {
  url: string;
  demo: DemoCredentials;
  other: DemoCredentials;
  close(): Promise<void>;
}

export const DEFAULT_VEHICLES = 50;
export const DEFAULT_SEED = 1;
export const MAX_VEHICLES = 200000;

function checkOptions(options: SandboxOptions): Required<SandboxOptions> {
  const resolved = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    vehicles: options.vehicles ?? DEFAULT_VEHICLES,
    seed: options.seed ?? DEFAULT_SEED,
    leadStatusInDetail: options.leadStatusInDetail ?? false,
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535)
    throw new RangeError('port must be 0..65535');
  if (!Number.isInteger(resolved.vehicles) || resolved.vehicles < 0 || resolved.vehicles > MAX_VEHICLES) {
    throw new RangeError(`vehicles must be a whole number from 0 to ${MAX_VEHICLES}`);
  }
  if (!Number.isSafeInteger(resolved.seed)) throw new RangeError('seed must be a whole number');
  return resolved;
}

/** A host clients can dial: wildcard binds are reached through loopback. */
function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts a local EasyCars API (Stock and Lead services, images, control API) and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const config = checkOptions(options);
  const sockets = new Set<Socket>();
  // set once the server listens; a request before that gets a 503
  // eslint-disable-next-line prefer-const
  let router: Router | undefined;
  const server = createServer((req, res) => {
    if (router) router.handle(req, res);
    else res.writeHead(503).end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const url = `http://${dialHost(config.host)}:${port}`;
  const state = new SandboxState({
    seed: config.seed,
    vehicles: config.vehicles,
    baseUrl: url,
    leadStatusInDetail: config.leadStatusInDetail,
  });
  const activeRouter = new Router(state);
  router = activeRouter;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      activeRouter.close();
      server.close(() => resolve());
      // held (timeout fault) and keep-alive connections would otherwise keep the server open
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };

  return { url, demo: { ...state.credentials.demo }, other: { ...state.credentials.other }, close };
}
