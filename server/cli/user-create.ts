import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { roles } from '../db/schema/index.ts';
import { ServiceError } from '../errors.ts';
import { systemActor } from '../services/actor.ts';
import { createUser, createUserInput } from '../services/users/create-user.ts';
import { fail, openCliContext } from './cli-context.ts';

const usage = `Usage: npm run user:create -- --email <email> --role <role> [--role <role>...] [--name <name>] [--password <password>]
  --role      one of ${roles.join(', ')} (repeat, or comma-separate, for several)
  --name      display name (default: the part of the email before @)
  --password  at least 10 characters; omit it to generate a strong one, printed once`;

function readArgs() {
  try {
    const { values } = parseArgs({
      options: {
        email: { type: 'string' },
        role: { type: 'string', multiple: true },
        name: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${usage}`, 2);
  }
}

/** Creates a user from the shell, against the same database the server uses (PGlite in DATA_DIR or DATABASE_URL). */
async function main() {
  const args = readArgs();
  if (args.help) return console.log(usage);
  if (!args.email) fail(`--email is required\n\n${usage}`, 2);
  if (!args.role?.length) fail(`--role is required\n\n${usage}`, 2);
  const generated = args.password === undefined;
  const input = {
    email: args.email,
    name: args.name ?? args.email.split('@')[0] ?? args.email,
    roles: args.role.flatMap((r) => r.split(',')).map((r) => r.trim()),
    password: args.password ?? randomBytes(18).toString('base64url'),
  };
  // Bad arguments are reported before the (slow) database open.
  const parsed = createUserInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`Invalid --${String(issue.path[0] ?? 'input').replace(/s$/, '')}: ${issue.message}`, 2);
  }

  const { config, database, ctx } = await openCliContext({
    poolSize: 2,
    whileRunning: 'Stop the server and run this again, or add the user in the console (Settings -> Users) while it runs.',
  });
  try {
    const user = await createUser(ctx, systemActor('cli'), parsed.data);
    console.log(
      `Created ${user.roles.join(', ')} user ${user.email} (id ${user.id}) on ${database.driver === 'pg' ? 'PostgreSQL' : config.DATA_DIR}.`,
    );
    if (generated) console.log(`Password (shown only now): ${input.password}`);
  } catch (err) {
    if (err instanceof ServiceError) fail(err.message);
    throw err;
  } finally {
    await database.close();
  }
}

main().catch((err) => fail(err instanceof Error ? (err.stack ?? err.message) : String(err)));
