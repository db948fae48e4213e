import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EasyCarsService } from '../plugins/easycars/shared/easycars/api';
import { ResponseCode } from '../plugins/easycars/shared/easycars/api';
import { handleControl } from './control';
import { IMAGE_ENDPOINT, matchVendorPath, type ApiEndpoint, type VendorEndpoint, type VendorRoute } from './endpoints';
import type { Fault } from './faults';
import { imageHashOf } from './png';
import type { SandboxState } from './state';
import { envelope, handleVendorCall, serializeAnswer, type VendorAnswer } from './vendor';

/** What goes back on the wire, plus the body Code for the call log. */
interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  code: number | null;
}

class BodyTooLarge extends Error {}

const VENDOR_BODY_LIMIT = 10 * 1024 * 1024;
const CONTROL_BODY_LIMIT = 512 * 1024 * 1024; // PUT stock may carry tens of thousands of items

const JSON_TYPE = 'application/json; charset=utf-8';

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const DEFAULT_CODE_MESSAGES: Record<number, string> = {
  5: 'The request was processed with warnings.',
  7: 'The request failed.',
  9: 'A system error occurred. Please try again later.',
};

/** How a truncated answer of each endpoint starts: valid-looking JSON that cannot be parsed. */
const MALFORMED: Record<ApiEndpoint, string> = {
  RequestToken: '{"Token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJDbGllbnRJRCI6',
  GetAdvertisementStocks: '{"StockList":[{"YardCode":"100","YardName":"Main Yard","StockNumber":"1',
  CreateLead: '{"LeadNumber":"0000',
  UpdateLead: '{"LeadNumber":"0000',
  GetLeadDetail: '{"LeadNumber":"000001","StockNumber":nu',
  SearchContacts: '{"Contacts":[{"CustomerNo":"000',
};

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // past the limit the rest is read and dropped, so a 413 can still be answered
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function jsonReply(status: number, value: unknown, raw?: string): Reply {
  return { status, headers: { 'Content-Type': JSON_TYPE }, body: raw ?? JSON.stringify(value), code: null };
}

function vendorReply(answer: VendorAnswer): Reply {
  const code = answer.body.Code;
  return {
    status: answer.httpStatus,
    headers: { 'Content-Type': JSON_TYPE, ...answer.headers },
    body: serializeAnswer(answer),
    code: typeof code === 'number' ? code : null,
  };
}

function httpFaultReply(fault: Fault): Reply {
  const status = fault.status ?? 500;
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return {
    status,
    headers,
    body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
    code: null,
  };
}

interface CallTarget {
  endpoint: VendorEndpoint;
  service: EasyCarsService | null;
}

/** Routes requests to the control API, the image server or the vendor API, applying injected faults. */
export class Router {
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly state: SandboxState) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.dispatch(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) return this.send(req, res, jsonReply(413, { error: 'request body too large' }));
      if (res.headersSent) res.destroy();
      else this.send(req, res, jsonReply(500, { error: err instanceof Error ? err.message : String(err) }));
    });
  }

  /** Ends every pending latency wait; the server destroys the sockets. */
  close(): void {
    this.closed = true;
    for (const [timer, wake] of this.waits) {
      clearTimeout(timer);
      wake();
    }
    this.waits.clear();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    if (url.pathname === '/__sandbox' || url.pathname.startsWith('/__sandbox/')) {
      const body = await readBody(req, CONTROL_BODY_LIMIT);
      const answer = handleControl(this.state, {
        method,
        path: url.pathname.slice('/__sandbox'.length),
        query: url.searchParams,
        body,
      });
      return this.send(req, res, jsonReply(answer.status, answer.body, answer.raw));
    }
    if (/^(?:\/test)?\/publicimages\//.test(url.pathname)) return this.image(req, res, url.pathname);
    const route = matchVendorPath(url.pathname);
    if (route) return this.vendor(req, res, route, url);
    if (/^\/(?:Test)?ECService\//i.test(url.pathname)) {
      return this.send(
        req,
        res,
        vendorReply(envelope(ResponseCode.Failed, 'No HTTP resource was found that matches the request URI.', {}, 404))
      );
    }
    return this.send(req, res, jsonReply(404, { error: 'not found' }));
  }

  private async vendor(req: IncomingMessage, res: ServerResponse, route: VendorRoute, url: URL): Promise<void> {
    const at = new Date().toISOString();
    const target: CallTarget = { endpoint: route.endpoint, service: route.service };
    if (req.method !== 'POST') {
      const answer = envelope(
        ResponseCode.Failed,
        `The requested resource does not support http method '${req.method}'.`,
        {},
        405
      );
      const reply = vendorReply({ ...answer, headers: { Allow: 'POST' } });
      this.log(target, at, undefined, reply.status, reply.code);
      return this.send(req, res, reply);
    }
    const body = await readBody(req, VENDOR_BODY_LIMIT);
    const fault = this.state.faults.take(route.endpoint, route.service);
    const perform = (): Reply => {
      const answer = handleVendorCall(this.state, {
        route,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body,
      });
      if (fault?.type === 'code' && fault.code === ResponseCode.Warning && answer.body.Code === ResponseCode.Success) {
        answer.body.Code = ResponseCode.Warning;
        answer.body.ErrorMessage = fault.message ?? DEFAULT_CODE_MESSAGES[5];
      }
      return vendorReply(answer);
    };
    const substitute = (f: Fault): Reply | null => {
      if (f.type === 'malformed')
        return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: MALFORMED[route.endpoint], code: null };
      if (f.type === 'code' && f.code !== ResponseCode.Warning) {
        const code = f.code ?? ResponseCode.SystemError;
        return vendorReply(envelope(code, f.message ?? DEFAULT_CODE_MESSAGES[code] ?? 'Error'));
      }
      return null;
    };
    await this.deliver(req, res, target, at, fault, perform, substitute);
  }

  private async image(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const at = new Date().toISOString();
    const target: CallTarget = { endpoint: IMAGE_ENDPOINT, service: null };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return this.send(req, res, {
        status: 405,
        headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' },
        body: 'Method Not Allowed',
        code: null,
      });
    }
    const fault = this.state.faults.take(IMAGE_ENDPOINT, null);
    const perform = (): Reply => {
      const hash = imageHashOf(pathname);
      if (!hash) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found', code: null };
      return {
        status: 200,
        headers: { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400', ETag: `"${hash}"` },
        body: this.state.images.get(hash),
        code: null,
      };
    };
    const substitute = (f: Fault): Reply | null => {
      if (f.type !== 'malformed') return null;
      const full = perform();
      return { ...full, body: Buffer.isBuffer(full.body) ? full.body.subarray(0, 24) : full.body };
    };
    await this.deliver(req, res, target, at, fault, perform, substitute);
  }

  /**
   * Answers a vendor call, or fails it as the fault says. `perform` really runs the call; `substitute` gives the
   * answer of faults that replace it (malformed, code 7/9) without running it.
   */
  private async deliver(
    req: IncomingMessage,
    res: ServerResponse,
    target: CallTarget,
    at: string,
    fault: Fault | undefined,
    perform: () => Reply,
    substitute: (fault: Fault) => Reply | null
  ): Promise<void> {
    if (!fault) {
      const reply = perform();
      this.log(target, at, fault, reply.status, reply.code);
      return this.send(req, res, reply);
    }
    switch (fault.type) {
      case 'timeout':
        // never answered: the socket stays open until the client gives up or the sandbox closes
        this.log(target, at, fault, null, null);
        return;
      case 'http': {
        const reply = httpFaultReply(fault);
        this.log(target, at, fault, reply.status, null);
        return this.send(req, res, reply);
      }
      case 'latency': {
        // the call takes effect on arrival; only its answer is late
        const reply = perform();
        await this.delay(fault.ms ?? 0);
        if (this.closed) return;
        this.log(target, at, fault, reply.status, reply.code);
        return this.send(req, res, reply);
      }
      case 'drop-answer': {
        const reply = perform();
        this.log(target, at, fault, null, reply.code);
        req.socket.destroy();
        return;
      }
      default: {
        const reply = substitute(fault) ?? perform();
        this.log(target, at, fault, reply.status, reply.code);
        return this.send(req, res, reply);
      }
    }
  }

  private log(
    target: CallTarget,
    at: string,
    fault: Fault | undefined,
    httpStatus: number | null,
    code: number | null
  ): void {
    this.state.calls.add({
      endpoint: target.endpoint,
      service: target.service,
      at,
      httpStatus,
      code,
      ...(fault ? { faulted: true as const, fault: fault.type } : {}),
    });
  }
}
