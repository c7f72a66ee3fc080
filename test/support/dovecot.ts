import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePort, waitForPort } from './free-port.ts';

const run = promisify(execFile);
const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Appends raw MIME to a mailbox (created when missing) as a real IMAP client would. */
  append(raw: string | Buffer, mailbox?: string): Promise<number>;
  /** A short-lived client for assertions (flags, mailbox contents). */
  client(): Promise<ImapFlow>;
  doveadm(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Debian's dovecot-imapd with a self-contained config: loopback port, Maildir and passwd-file in a temp dir. */
export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error('Dovecot is not installed: apt-get install -y dovecot-imapd (the email tests need a real IMAP server)');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'support';
  const password = 'imap-test-password';
  for (const d of ['run', 'state', 'mail']) mkdirSync(path.join(dir, d));
  chownSync(path.join(dir, 'mail'), 65534, 65534);
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `protocols = imap`,
      `listen = 127.0.0.1`,
      `ssl = no`,
      `disable_plaintext_auth = no`,
      `auth_mechanisms = plain login`,
      `mail_location = maildir:${dir}/mail/%n/Maildir`,
      `first_valid_uid = 1`,
      `default_internal_user = nobody`,
      `default_login_user = nobody`,
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%n ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=${dir}/mail/%n\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      `service anvil {\n  chroot =\n}`,
      `service imap-login {\n  chroot =\n}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve, reject) => {
    const p = spawn(DOVECOT, ['-c', conf], { stdio: 'inherit' });
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}; see ${dir}/dovecot.log`))));
  });
  // A test file that dies in a hook (timeout) never reaches stop(): the master must not outlive the run.
  const stopOnExit = () => {
    try {
      execFileSync(DOVEADM, ['-c', conf, 'stop'], { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  await waitForPort(port, 'Dovecot');

  const connect = async () => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
      disableAutoIdle: true,
    });
    await c.connect();
    return c;
  };
  let shared: ImapFlow | null = null;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async append(raw, mailbox = 'INBOX') {
      shared ??= await connect();
      if (mailbox !== 'INBOX') await shared.mailboxCreate(mailbox).catch(() => undefined);
      const res = await shared.append(mailbox, raw);
      if (!res) throw new Error('APPEND failed');
      return Number(res.uid);
    },
    client: connect,
    async doveadm(...args) {
      const { stdout } = await run(DOVEADM, ['-c', conf, ...args]);
      return stdout;
    },
    async stop() {
      await shared?.logout().catch(() => undefined);
      process.off('exit', stopOnExit);
      await run(DOVEADM, ['-c', conf, 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
