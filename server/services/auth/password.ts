import { hash, verify, type Options } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

// argon2id (algorithm 2; the package's enum is a const enum that isolatedModules cannot import) at OWASP's
// recommended cost: 19 MiB, 2 passes, 1 lane.
const options: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // Not an argon2 string (e.g. a disabled account's placeholder): never matches.
    return false;
  }
}

// Hashed once at load so the first unknown-email login is not slower than the rest.
const dummy = hashPassword('switchboard-dummy-password');

/** Burns the same time as a real check, so an unknown email cannot be told apart from a wrong password. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(await dummy, password);
  return false;
}
