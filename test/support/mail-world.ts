import { afterAll, beforeAll } from 'vitest';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { late } from './late.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';

/** A real IMAP server (Dovecot) for the whole file: started in beforeAll, stopped in afterAll. */
export function dovecotStandIn(): Dovecot {
  const dovecot = late<Dovecot>('dovecotStandIn()');
  beforeAll(async () => dovecot.set(await startDovecot()));
  afterAll(async () => dovecot.get()?.stop());
  return dovecot.value;
}

/** An SMTP server that keeps what it is sent, for the whole file: started in beforeAll, stopped in afterAll. */
export function smtpSinkStandIn(): SmtpSink {
  const sink = late<SmtpSink>('smtpSinkStandIn()');
  beforeAll(async () => sink.set(await startSmtpSink()));
  afterAll(async () => sink.get()?.stop());
  return sink.value;
}
