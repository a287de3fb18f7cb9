import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  DisplayNameSchema,
  EmailSchema,
  GlobalRoleSchema,
  JurisdictionCodeSchema,
  PasswordSchema,
  PASSWORD_MIN_LENGTH,
} from '@serantau/shared';
import { hashPassword } from '../modules/auth/passwords';
import { createAuditService, type AuditEvent } from '../modules/audit/service';
import { auditChainKey } from '../modules/audit/hash-chain';
import { createAuditRepo } from '../modules/audit/repo';
import { createUsersRepo } from '../modules/users/repo';
import { isDuplicateKeyError } from '../http/errors';
import { fail, openCliDatabase } from './context';

type CliDatabase = Awaited<ReturnType<typeof openCliDatabase>>;

/** Records an operator action and waits for the chain's head record too: the database closes next. */
async function recordCliAudit(database: CliDatabase, event: AuditEvent): Promise<void> {
  const audit = createAuditService(createAuditRepo(database.db, auditChainKey(database.config.auditSecret)));
  await audit.record(event);
  await audit.settled();
}

const USAGE = `Serantau operator commands

  pnpm admin create-user --email <email> --name <display name> --country <code> --role <role>
                         [--title <title>] [--password <password>]
      Creates an active account. Without --password you are asked for one (hidden input),
      or it is read from the SERANTAU_ADMIN_PASSWORD environment variable.
  pnpm admin set-password --email <email> [--password <password>]
      Sets a new password and signs the account out everywhere.
  pnpm admin list-users
      Lists accounts (email, role, country, status).

Roles: admin, moderator, member, observer. Countries: BN KH ID LA MY MM PH SG TH TL VN, or a partner
code (ASEAN-SEC, UNODC, IOM, ASEAN-ACT).`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      country: { type: 'string' },
      role: { type: 'string' },
      title: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  switch (command) {
    case 'create-user':
      return createUser(values);
    case 'set-password':
      return setPassword(values);
    case 'list-users':
      return listUsers();
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

type Options = Partial<Record<'email' | 'name' | 'country' | 'role' | 'title' | 'password', string>>;

function parseOrFail<T>(label: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const message =
      error && typeof error === 'object' && 'issues' in error && Array.isArray(error.issues)
        ? String((error.issues[0] as { message?: string } | undefined)?.message ?? 'invalid')
        : 'invalid';
    return fail(`--${label}: ${message}`);
  }
}

async function createUser(options: Options): Promise<void> {
  const email = parseOrFail('email', () => EmailSchema.parse(options.email));
  const displayName = parseOrFail('name', () => DisplayNameSchema.parse(options.name));
  const country = parseOrFail('country', () => JurisdictionCodeSchema.parse(options.country));
  const role = parseOrFail('role', () => GlobalRoleSchema.parse(options.role));
  const password = await obtainPassword(options);
  const database = await openCliDatabase();
  try {
    const users = createUsersRepo(database.db);
    const user = await users.insert({
      email,
      displayName,
      country,
      agencyId: null,
      title: options.title ?? '',
      languages: [],
      expertise: [],
      role,
      status: 'active',
      contactPoint: null,
      passwordHash: await hashPassword(password),
      locale: 'en',
      timeZone: 'Asia/Bangkok',
    });
    await recordCliAudit(database, {
      actor: null,
      action: 'user.create_cli',
      target: { type: 'user', id: user._id.toHexString() },
      details: { role, country },
    });
    process.stdout.write(`Created ${role} ${email} (${user._id.toHexString()}).\n`);
  } catch (error) {
    if (isDuplicateKeyError(error)) fail(`An account with email ${email} already exists.`);
    throw error;
  } finally {
    await database.close();
  }
}

async function setPassword(options: Options): Promise<void> {
  const email = parseOrFail('email', () => EmailSchema.parse(options.email));
  const password = await obtainPassword(options);
  const database = await openCliDatabase();
  try {
    const users = createUsersRepo(database.db);
    const user = await users.findByEmail(email);
    if (!user) fail(`No account with email ${email}.`);
    await users.update(user._id, {
      passwordHash: await hashPassword(password),
      status: user.status === 'invited' ? 'active' : user.status,
    });
    await database.db.collection('sessions').deleteMany({ userId: user._id });
    await recordCliAudit(database, {
      actor: null,
      action: 'user.set_password_cli',
      target: { type: 'user', id: user._id.toHexString() },
    });
    process.stdout.write(`Password set for ${email}; all of its sessions were signed out.\n`);
  } finally {
    await database.close();
  }
}

async function listUsers(): Promise<void> {
  const database = await openCliDatabase();
  try {
    const users = await createUsersRepo(database.db)
      .collection.find({}, { sort: { email: 1 } })
      .toArray();
    for (const user of users) {
      process.stdout.write(
        `${user.email.padEnd(36)} ${user.role.padEnd(10)} ${user.country.padEnd(10)} ${user.status}\n`,
      );
    }
    process.stdout.write(`${users.length} account(s)\n`);
  } finally {
    await database.close();
  }
}

/** --password, then SERANTAU_ADMIN_PASSWORD, then an interactive hidden prompt (asked twice). */
async function obtainPassword(options: Options): Promise<string> {
  if (options.password !== undefined) {
    process.stderr.write(
      'note: --password is visible to other users of this machine (ps, shell history); prefer the prompt or SERANTAU_ADMIN_PASSWORD\n',
    );
  }
  let candidate = options.password ?? process.env.SERANTAU_ADMIN_PASSWORD;
  if (candidate === undefined) {
    if (!process.stdin.isTTY)
      fail('--password: give --password or SERANTAU_ADMIN_PASSWORD (no terminal to ask on)');
    candidate = await promptHidden(`Password (at least ${PASSWORD_MIN_LENGTH} characters): `);
    const again = await promptHidden('Repeat the password: ');
    if (again !== candidate) fail('The passwords do not match.');
  }
  const value = candidate;
  return parseOrFail('password', () => PasswordSchema.parse(value));
}

/** Reads a password without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stdout.write(question);
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
