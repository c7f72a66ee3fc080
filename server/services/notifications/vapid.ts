import { createECDH } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { appSettings } from '../../db/schema/index.ts';

export interface VapidKeys {
  /** The uncompressed P-256 point, base64url: what browsers take as applicationServerKey. */
  publicKey: string;
  privateKey: string;
  subject: string;
}

const KEY = 'web_push_vapid';
const cache = new WeakMap<ServiceContext, Promise<VapidKeys>>();

/**
 * The installation's VAPID key pair: made once by whichever node asks first and kept in app_settings (the private
 * key sealed with SECRET_KEY), so every node signs with the same key and browsers' subscriptions stay valid.
 */
export function vapidKeys(ctx: ServiceContext): Promise<VapidKeys> {
  let keys = cache.get(ctx);
  if (!keys) {
    keys = loadOrCreate(ctx);
    keys.catch(() => cache.delete(ctx));
    cache.set(ctx, keys);
  }
  return keys;
}

async function loadOrCreate(ctx: ServiceContext): Promise<VapidKeys> {
  const host = ctx.config.PUBLIC_URL ? new URL(ctx.config.PUBLIC_URL).hostname : 'localhost';
  const subject = `mailto:notifications@${host}`;
  const read = async () => {
    const [row] = await ctx.db.select().from(appSettings).where(eq(appSettings.key, KEY));
    const publicKey = (row?.value as { publicKey?: unknown } | undefined)?.publicKey;
    return row?.secret && typeof publicKey === 'string' ? { publicKey, privateKey: ctx.secrets.open(row.secret), subject } : null;
  };
  const found = await read();
  if (found) return found;
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const privateKey = ecdh.getPrivateKey().toString('hex').padStart(64, '0');
  await ctx.db
    .insert(appSettings)
    .values({
      key: KEY,
      value: { publicKey: ecdh.getPublicKey().toString('base64url') },
      secret: ctx.secrets.seal(Buffer.from(privateKey, 'hex').toString('base64url')),
    })
    .onConflictDoNothing();
  // Another node may have won the insert: everyone uses the stored pair.
  return (await read())!;
}
