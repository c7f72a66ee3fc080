import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** Recipients the server answers with a permanent 550 (a mailbox that does not exist). */
  reject: Set<string>;
  /** The mail server goes away: connections are refused (same port) until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  /** A stalled server: new sessions wait at MAIL FROM, before any mail is sent, until release(). */
  hold(): void;
  release(): void;
  /** Sessions waiting at MAIL FROM now. */
  held(): number;
  stop(): Promise<void>;
}

/** A real SMTP receiver (smtp-server on a loopback port) that keeps every mail it accepts. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const reject = new Set<string>();
  let holding = false;
  /** Held sessions by id: the MAIL FROM answer each waits for. */
  const waiting = new Map<string, () => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, session, cb) {
      if (holding) waiting.set(session.id, () => cb());
      else cb();
    },
    onClose(session) {
      // A client that went away while held never sends its mail.
      waiting.delete(session.id);
    },
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 });
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    reject,
    down: () => new Promise<void>((resolve) => server.server.close(() => resolve())),
    up: () => new Promise<void>((resolve) => server.server.listen(port, '127.0.0.1', resolve)),
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const [id, answer] of waiting) {
        waiting.delete(id);
        answer();
      }
    },
    held: () => waiting.size,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
