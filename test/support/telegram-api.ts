import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart.ts';

/** One Bot API request as the fake server received it; uploaded files replace their `attach://` references. */
export interface RecordedCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** What the fake answered (the sent Message for send* methods), once it has. */
  result?: unknown;
}
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}
export interface ApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}
interface Failure {
  method: string;
  error: ApiError;
  remaining: number;
  match?: (params: Record<string, unknown>) => boolean;
}
interface Poll {
  res: ServerResponse;
  timer: NodeJS.Timeout;
  offset: number;
  limit: number;
}
interface BotState {
  updates: Array<{ update_id: number } & Record<string, unknown>>;
  files: Map<string, { bytes: Buffer; path: string; tooBig: boolean; delayMs: number; failures: number }>;
  webhook: { url: string; secret_token?: string } | null;
  poll: Poll | null;
  nextMessageId: number;
  conflicts: number;
}

const ok = (result: unknown) => ({ ok: true, result });

/**
 * A local stand-in for api.telegram.org speaking the Bot API methods Switchboard uses, as documented at
 * https://core.telegram.org/bots/api: requests arrive as `POST /bot<token>/<method>` (JSON or multipart),
 * files are served at `/file/bot<token>/<file_path>`. Every call is recorded; failures can be scripted.
 */
export class TelegramApi {
  readonly calls: RecordedCall[] = [];
  private readonly bots = new Map<string, BotState>();
  private readonly failures: Failure[] = [];
  private readonly revoked = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
  ) {}

  static async start(): Promise<TelegramApi> {
    // Requests arrive only after listen(), by when `api` below exists.
    const server = createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new TelegramApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return api;
  }

  static botId = (token: string) => Number(token.split(':')[0]);

  bot(token: string): BotState {
    let state = this.bots.get(token);
    if (!state) {
      state = { updates: [], files: new Map(), webhook: null, poll: null, nextMessageId: 5000, conflicts: 0 };
      this.bots.set(token, state);
    }
    return state;
  }

  /** Queues updates for getUpdates; Telegram keeps them until a later getUpdates confirms them with its offset. */
  pushUpdates(token: string, ...updates: Array<{ update_id: number }>): void {
    const state = this.bot(token);
    state.updates.push(...(updates as BotState['updates']));
    if (state.poll) this.answerPoll(state);
  }

  /**
   * Makes a file downloadable through getFile; `tooBig` answers getFile as Telegram does for files over 20 MB,
   * `delayMs` holds the download back (a slow network, to stop a runner mid-batch), the first `failures`
   * downloads answer 502.
   */
  addFile(
    token: string,
    fileId: string,
    bytes: Buffer,
    opts: { path?: string; tooBig?: boolean; delayMs?: number; failures?: number } = {},
  ): void {
    const path = opts.path ?? `documents/${fileId}.bin`;
    this.bot(token).files.set(fileId, { bytes, path, tooBig: !!opts.tooBig, delayMs: opts.delayMs ?? 0, failures: opts.failures ?? 0 });
  }

  /** The next `times` calls of `method` (matching `match`) answer with `error` instead of succeeding. */
  fail(method: string, error: ApiError, opts: { times?: number; match?: Failure['match'] } = {}): void {
    this.failures.push({ method, error, remaining: opts.times ?? 1, match: opts.match });
  }

  /** Every later call with this token answers 401, as after /revoke in @BotFather. */
  revoke(token: string): void {
    this.revoked.add(token);
  }

  callsTo(method: string, token?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (!token || c.token === token));
  }

  webhookOf(token: string) {
    return this.bot(token).webhook;
  }

  conflicts(token: string): number {
    return this.bot(token).conflicts;
  }

  pending(token: string): number[] {
    return this.bot(token).updates.map((u) => u.update_id);
  }

  /** Posts an update to the registered webhook the way Telegram does, secret header included. */
  async deliver(token: string, update: object): Promise<Response> {
    const hook = this.bot(token).webhook;
    if (!hook) throw new Error('no webhook set');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
    return fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(update) });
  }

  async close(): Promise<void> {
    for (const state of this.bots.values()) {
      if (state.poll) this.answerPoll(state);
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiRoot);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.download(res, file[1]!, decodeURIComponent(file[2]!));
    const route = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!route) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = route as unknown as [string, string, string];
    const params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const call: RecordedCall = { token, method, params, at: Date.now() };
    this.calls.push(call);
    if (this.revoked.has(token)) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0 && (!f.match || f.match(params)));
    if (failure) {
      failure.remaining -= 1;
      return send(res, failure.error.error_code, { ok: false, ...failure.error });
    }
    const answer = this.answer(token, method, params, res) as { ok: boolean; error_code?: number; result?: unknown } | undefined;
    if (!answer) return;
    call.result = answer.result;
    send(res, answer.ok ? 200 : answer.error_code!, answer);
  }

  private answer(token: string, method: string, p: Record<string, unknown>, res: ServerResponse): unknown {
    const state = this.bot(token);
    const id = TelegramApi.botId(token);
    const me = { id, is_bot: true, first_name: `Test Bot ${id}`, username: `test_${id}_bot` };
    const message = (extra: object) => ({
      message_id: state.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: 'private' },
      from: me,
      ...extra,
    });
    switch (method) {
      case 'getMe':
        return ok({ ...me, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates':
        return this.getUpdates(state, p, res);
      case 'sendMessage': {
        const text = String(p.text ?? '');
        if (!text.trim()) return { ok: false, error_code: 400, description: 'Bad Request: message text is empty' };
        if (text.length > 4096) return { ok: false, error_code: 400, description: 'Bad Request: message is too long' };
        return ok(message({ text }));
      }
      case 'sendPhoto':
        return ok(message({ photo: [{ file_id: 'sent-photo', file_unique_id: 'sp', width: 1, height: 1 }], caption: p.caption }));
      case 'sendDocument':
        return ok(
          message({
            document: { file_id: 'sent-doc', file_unique_id: 'sd', file_name: (p.document as UploadedFile)?.filename },
            caption: p.caption,
          }),
        );
      case 'editMessageText':
        return ok({ ...message({ text: p.text }), message_id: Number(p.message_id) });
      case 'editMessageReplyMarkup':
        return ok({ ...message(p.reply_markup ? { reply_markup: p.reply_markup } : {}), message_id: Number(p.message_id) });
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return ok(true);
      case 'getFile': {
        const f = state.files.get(String(p.file_id));
        if (!f) return { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' };
        if (f.tooBig) return { ok: false, error_code: 400, description: 'Bad Request: file is too big' };
        return ok({ file_id: p.file_id, file_unique_id: `u-${p.file_id}`, file_size: f.bytes.length, file_path: f.path });
      }
      case 'setWebhook':
        state.webhook = { url: String(p.url), secret_token: p.secret_token as string | undefined };
        return ok(true);
      case 'deleteWebhook':
        state.webhook = null;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: state.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: state.updates.length });
      default:
        return { ok: false, error_code: 404, description: `Not Found: method ${method} is not faked` };
    }
  }

  private getUpdates(state: BotState, p: Record<string, unknown>, res: ServerResponse): unknown {
    if (state.webhook) {
      return {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      };
    }
    if (state.poll) {
      state.conflicts += 1;
      clearTimeout(state.poll.timer);
      send(state.poll.res, 409, {
        ok: false,
        error_code: 409,
        description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
      state.poll = null;
    }
    const offset = Number(p.offset ?? 0);
    state.updates = state.updates.filter((u) => u.update_id >= offset);
    const poll: Poll = {
      res,
      offset,
      limit: Number(p.limit ?? 100),
      timer: setTimeout(() => this.answerPoll(state), Number(p.timeout ?? 0) * 1000),
    };
    state.poll = poll;
    res.on('close', () => {
      if (state.poll === poll) {
        clearTimeout(poll.timer);
        state.poll = null;
      }
    });
    if (state.updates.length) this.answerPoll(state);
    return undefined;
  }

  private answerPoll(state: BotState): void {
    const poll = state.poll;
    if (!poll) return;
    clearTimeout(poll.timer);
    state.poll = null;
    send(poll.res, 200, ok(state.updates.slice(0, poll.limit)));
  }

  private async download(res: ServerResponse, token: string, filePath: string): Promise<void> {
    const f = [...this.bot(token).files.values()].find((x) => x.path === filePath);
    if (!f) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.failures > 0) {
      f.failures -= 1;
      return send(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.bytes.length });
    res.end(f.bytes);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (!body.length) return {};
  if (type.startsWith('application/json')) return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  if (!type.startsWith('multipart/form-data')) return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  const parts = parseMultipart(body, type);
  const files = new Map(parts.filter((p) => p.filename !== undefined).map((p) => [p.name, { filename: p.filename!, bytes: p.data }]));
  const params: Record<string, unknown> = {};
  for (const part of parts.filter((p) => p.filename === undefined)) {
    const value = part.data.toString('utf8');
    params[part.name] = value.startsWith('attach://') ? files.get(value.slice('attach://'.length)) : parseValue(value);
  }
  return params;
}

/** grammY serialises objects in multipart fields as JSON and everything else as plain text. */
function parseValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}
