// Drives a live Roster through the TypeScript client generated from openapi/openapi.json
// (scripts/sdk-test.sh): an account, three users, an API key that then authenticates, two pages
// of users there and back, a game, a client session and /v1/client/me. Each step checks the
// status and the fields it got; the first mismatch ends the run with exit status 1.
//
// Needs ROSTER_URL (the server's base URL) and ROSTER_KEY (a superadmin API key).
import { randomBytes } from 'node:crypto';

import { createClient } from './generated/client/index.js';
import {
  createAccount,
  createApiKey,
  createGame,
  createUser,
  getAccount,
  getMe,
  listUsers,
  startSession,
} from './generated/sdk.gen.js';

class Mismatch extends Error {}

function fail(message: string): never {
  throw new Mismatch(message);
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

function expectEqual(step: string, what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${step}: ${what} is ${a}, expected ${e}`);
}

function expectThat(step: string, what: string, ok: boolean, actual: unknown): void {
  if (!ok) fail(`${step}: expected ${what}, got ${JSON.stringify(actual)}`);
}

// What a generated operation function answers (its `data` is typed from the document).
type Outcome<T> = { data?: T; error?: unknown; response: Response };

function expectStatus<T>(step: string, outcome: Outcome<T>, status: number): T {
  const got = outcome.response.status;
  if (got !== status) {
    const body = JSON.stringify(outcome.error ?? outcome.data);
    fail(`${step}: expected HTTP ${status}, got ${got}: ${body}`);
  }
  if (outcome.data === undefined) fail(`${step}: HTTP ${status} without a parsed body`);
  return outcome.data;
}

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((item) => item.id);
const emailsOf = (items: ReadonlyArray<{ email: string }>) => items.map((item) => item.email);

function ok(step: string, detail: string): void {
  console.log(`ok   ${step}: ${detail}`);
}

async function main(): Promise<void> {
  const baseUrl = env('ROSTER_URL');
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

  // The generated functions carry each operation's security requirement: `auth` answers the
  // `api_key` scheme with the key as is, and the `bearer` scheme with `Bearer <token>`.
  const admin = createClient({ baseUrl, auth: env('ROSTER_KEY') });
  const anonymous = createClient({ baseUrl });

  let step = 'create_account';
  const accountName = `SDK TS ${suffix}`;
  const account = expectStatus(
    step,
    await createAccount({ client: admin, body: { name: accountName } }),
    201,
  );
  expectThat(step, 'an id starting with acc_', account.id.startsWith('acc_'), account.id);
  expectEqual(step, 'name', account.name, accountName);
  expectEqual(step, 'status', account.status, 'active');
  ok(step, account.id);

  step = 'create_user';
  const emails = ['a', 'b', 'c'].map((letter) => `${letter}-${suffix}@sdk.roster.localhost.dev`);
  const users = [];
  for (const email of emails) {
    const user = expectStatus(
      step,
      await createUser({
        client: admin,
        body: {
          account_id: account.id,
          email,
          display_name: `User ${email.slice(0, 1).toUpperCase()}`,
        },
      }),
      201,
    );
    expectThat(step, 'an id starting with usr_', user.id.startsWith('usr_'), user.id);
    expectEqual(step, 'account_id', user.account_id, account.id);
    expectEqual(step, 'email', user.email, email);
    expectEqual(step, 'super_admin', user.super_admin, false);
    users.push(user);
  }
  ok(step, `${users.length} users: ${ids(users).join(', ')}`);

  step = 'create_api_key';
  const created = expectStatus(
    step,
    await createApiKey({
      client: admin,
      body: { account_id: account.id, user_id: users[0].id, name: `sdk-ts-${suffix}` },
    }),
    201,
  );
  expectThat(
    step,
    'a key starting with ldr_',
    created.key.startsWith('ldr_'),
    created.key.slice(0, 4),
  );
  expectEqual(step, 'account_id', created.account_id, account.id);
  expectEqual(step, 'user_id', created.user_id, users[0].id);
  expectEqual(step, 'status', created.status, 'active');
  ok(step, created.id);

  step = 'get_account with the new key';
  const withNewKey = createClient({ baseUrl, auth: created.key });
  const fetched = expectStatus(
    step,
    await getAccount({ client: withNewKey, path: { account_id: account.id } }),
    200,
  );
  expectEqual(step, 'id', fetched.id, account.id);
  expectEqual(step, 'name', fetched.name, accountName);
  ok(step, fetched.id);

  step = 'list_users page 1';
  const query = { account_id: account.id, limit: 2, sort: 'email:asc' };
  const page1 = expectStatus(step, await listUsers({ client: admin, query }), 200);
  expectEqual(step, 'emails', emailsOf(page1.data), emails.slice(0, 2));
  expectEqual(step, 'ids', ids(page1.data), ids(users.slice(0, 2)));
  expectEqual(step, 'pagination.count', page1.pagination.count, 2);
  expectEqual(step, 'pagination.has_next', page1.pagination.has_next, true);
  expectEqual(step, 'pagination.has_prev', page1.pagination.has_prev, false);
  expectEqual(step, 'pagination.prev_cursor', page1.pagination.prev_cursor ?? null, null);
  const next = page1.pagination.next_cursor;
  if (typeof next !== 'string' || next === '') {
    fail(`${step}: no next_cursor: ${JSON.stringify(page1.pagination)}`);
  }
  ok(step, emailsOf(page1.data).join(', '));

  step = 'list_users page 2 (next_cursor)';
  const page2 = expectStatus(
    step,
    await listUsers({ client: admin, query: { ...query, cursor: next } }),
    200,
  );
  expectEqual(step, 'emails', emailsOf(page2.data), emails.slice(2));
  expectEqual(step, 'pagination.count', page2.pagination.count, 1);
  expectEqual(step, 'pagination.has_next', page2.pagination.has_next, false);
  expectEqual(step, 'pagination.has_prev', page2.pagination.has_prev, true);
  expectEqual(step, 'pagination.next_cursor', page2.pagination.next_cursor ?? null, null);
  const prev = page2.pagination.prev_cursor;
  if (typeof prev !== 'string' || prev === '') {
    fail(`${step}: no prev_cursor: ${JSON.stringify(page2.pagination)}`);
  }
  ok(step, emailsOf(page2.data).join(', '));

  step = 'list_users back to page 1 (prev_cursor)';
  const back = expectStatus(
    step,
    await listUsers({ client: admin, query: { ...query, cursor: prev } }),
    200,
  );
  expectEqual(step, 'ids (page 1 again, same order)', ids(back.data), ids(page1.data));
  expectEqual(step, 'pagination.count', back.pagination.count, 2);
  expectEqual(step, 'pagination.has_next', back.pagination.has_next, true);
  expectEqual(step, 'pagination.has_prev', back.pagination.has_prev, false);
  ok(step, emailsOf(back.data).join(', '));

  step = 'create_game';
  const gameName = `SDK TS Game ${suffix}`;
  const game = expectStatus(
    step,
    await createGame({ client: admin, body: { account_id: account.id, name: gameName } }),
    201,
  );
  expectThat(step, 'an id starting with gam_', game.id.startsWith('gam_'), game.id);
  expectEqual(step, 'account_id', game.account_id, account.id);
  expectEqual(step, 'name', game.name, gameName);
  ok(step, game.id);

  step = 'start_session (no auth)';
  const fingerprint = randomBytes(32).toString('hex');
  const session = expectStatus(
    step,
    await startSession({
      client: anonymous,
      body: { game_id: game.id, client_fingerprint: fingerprint },
    }),
    201,
  );
  expectThat(
    step,
    'an identity_id starting with idn_',
    session.identity_id.startsWith('idn_'),
    session.identity_id,
  );
  expectEqual(step, 'game_id', session.game_id, game.id);
  expectEqual(step, 'account_id', session.account_id, account.id);
  expectEqual(step, 'kind', session.kind, 'DEVICE');
  expectThat(
    step,
    'a non-empty access_token',
    session.access_token.length > 0,
    session.access_token,
  );
  expectThat(step, 'a positive expires_in', session.expires_in > 0, session.expires_in);
  ok(step, session.identity_id);

  step = 'get_me (bearer)';
  const me = expectStatus(
    step,
    await getMe({ client: anonymous, auth: session.access_token }),
    200,
  );
  expectEqual(step, 'id', me.id, session.identity_id);
  expectEqual(step, 'kind', me.kind, 'DEVICE');
  expectEqual(step, 'game_id', me.game_id, game.id);
  expectEqual(step, 'account_id', me.account_id, account.id);
  expectEqual(step, 'external_key', me.external_key, fingerprint);
  ok(step, me.id);

  console.log('typescript sdk: all steps passed');
}

try {
  await main();
} catch (error) {
  if (error instanceof Mismatch) {
    console.error(`FAIL ${error.message}`);
  } else {
    console.error('FAIL unexpected error:', error);
  }
  process.exit(1);
}
