// Injected failures: the network and gateway trouble a client meets in the wild (rate limits, HTML
// error pages, resets, hangs, broken JSON, redirects), matched per request in insertion order.
import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Dialect, Fault, FaultRule } from './types';
import { json, submitResult } from './dialect';
import type { SimResponse } from './dialect';

interface ActiveRule {
  rule: FaultRule;
  left: number;
}

/** The fault rules in force, each used up after `times` matches. */
export class FaultList {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!(times > 0)) return;
    this.rules.push({ rule, left: times });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** The first rule matching the request (and uses it up once), if any. `paths`: raw and without /mj-fast… */
  take(method: string, paths: string[]): FaultRule | undefined {
    const i = this.rules.findIndex(({ rule }) => {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
      const p = rule.path;
      if (p === undefined) return true;
      return paths.some((x) => (typeof p === 'string' ? x.startsWith(p) : p.test(x)));
    });
    const hit = this.rules[i];
    if (!hit) return undefined;
    hit.left--;
    if (hit.left <= 0) this.rules.splice(i, 1);
    return hit.rule;
  }
}

/** Rebuilds a rule that came over HTTP as JSON (`path` string, `pathRegex`, `times: null|"Infinity"`). */
export function ruleFromJson(v: unknown): FaultRule | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const f = o.fault as Fault | undefined;
  if (!f || typeof f !== 'object' || typeof f.kind !== 'string') return undefined;
  const rule: FaultRule = { fault: f };
  if (typeof o.method === 'string') rule.method = o.method;
  if (typeof o.path === 'string') rule.path = o.path;
  if (typeof o.pathRegex === 'string') rule.path = new RegExp(o.pathRegex);
  if (o.times === null || o.times === 'Infinity') rule.times = Infinity;
  else if (typeof o.times === 'number') rule.times = o.times;
  if (o.afterForwarding === true) rule.afterForwarding = true;
  return rule;
}

function nginxPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n`
  );
}

/**
 * Answers with the fault (everything but `slow`, which the server handles by waiting). Stalled
 * responses are added to `stalled` so `close()` can end them.
 */
export function sendFault(fault: Fault, res: ServerResponse, stalled: Set<ServerResponse>): void {
  switch (fault.kind) {
    case 'status': {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      let body: string;
      if (fault.html) {
        headers['content-type'] = 'text/html';
        body = nginxPage(fault.status);
      } else if (fault.body !== undefined) {
        headers['content-type'] = 'text/plain; charset=utf-8';
        body = fault.body;
      } else {
        headers['content-type'] = 'application/json; charset=utf-8';
        body = JSON.stringify({
          code: fault.status,
          description: `simulated ${fault.status} ${STATUS_CODES[fault.status] ?? ''}`.trim(),
        });
      }
      res.writeHead(fault.status, headers).end(body);
      return;
    }
    case 'reset':
      res.socket?.destroy();
      return;
    case 'stall':
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
      return;
    case 'malformed':
      res
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        .end('{"code":1,"description":"提交成功","result":"17');
      return;
    case 'empty':
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end();
      return;
    case 'noContent':
      res.writeHead(204).end();
      return;
    case 'redirect':
      res.writeHead(fault.status ?? 302, { location: fault.location }).end();
      return;
    case 'slow':
    case 'code':
      return;
  }
}

/**
 * The answer to a submit refused with return code 23, 24 or 30, as the dialect sends it: a
 * SubmitResultVO with HTTP 200, except the relay's 30 ("group saturated"), which new-api turns into
 * HTTP 429 (`controller/relay.go`). A banned word is named in `properties.bannedWord`.
 */
export function codeFault(
  dialect: Dialect,
  fault: Extract<Fault, { kind: 'code' }>,
  body: unknown,
): SimResponse {
  const prompt =
    body !== null && typeof body === 'object' && typeof (body as { prompt?: unknown }).prompt === 'string'
      ? (body as { prompt: string }).prompt
      : '';
  switch (fault.code) {
    case 23:
      return submitResult(dialect, { code: 23, description: '队列已满，请稍后尝试' });
    case 24: {
      const word = fault.bannedWord ?? (/[\p{L}\p{N}]+/u.exec(prompt)?.[0] || 'bannedword');
      return submitResult(dialect, {
        code: 24,
        description: '可能包含敏感词',
        properties: { promptEn: prompt, bannedWord: word },
      });
    }
    case 30:
      if (dialect === 'relay') {
        return json(429, {
          description: '当前分组负载已饱和，请稍后再试，或升级账户以提升服务质量。',
          type: 'upstream_error',
          code: 30,
        });
      }
      return submitResult(dialect, { code: 30, description: '当前分组负载已饱和，请稍后再试' });
  }
}
