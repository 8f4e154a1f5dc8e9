/** Attendant passwords (scrypt, checked against RFC 7914's vector) and console sessions on the shared state store. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPasswordHash, decoyPasswordHash, hashPassword, passwordCost, passwordMatches, PasswordHashError } from '../../src/proxy/attendant/passwords.js';
import { clearedSessionCookie, ConsoleSessions, SESSION_TTL_MS, sessionCookie, sessionTokenFrom } from '../../src/proxy/attendant/sessions.js';
import { MemoryStateStore } from '../../src/proxy/state/store.js';

test('a stored hash made from RFC 7914 test vector 3 matches its password (the first 32 bytes of the 64-byte key)', async () => {
  const key64 = '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887';
  const stored = `scrypt$14$8$1$${Buffer.from('SodiumChloride').toString('base64url')}$${Buffer.from(key64, 'hex').subarray(0, 32).toString('base64url')}`;
  assert.equal(await passwordMatches(stored, 'pleaseletmein'), true);
  assert.equal(await passwordMatches(stored, 'pleaseletmeiN'), false);
});

test('hashPassword makes a salted hash that only its password matches; NFC and NFD spellings are one password', async () => {
  const cost = { log2N: 14, r: 8, p: 1 };
  const [a, b] = await Promise.all([hashPassword('柜台-é', cost), hashPassword('柜台-é', cost)]);
  assert.notEqual(a, b, 'a fresh salt each time');
  assert.match(a, /^scrypt\$14\$8\$1\$/);
  assert.equal(await passwordMatches(a, '柜台-é'), true);
  assert.equal(await passwordMatches(a, '柜台-e\u0301'), true);
  assert.equal(await passwordMatches(a, '柜台-e'), false);
});

test('the decoy hash an unknown staff id is checked against costs what most configured accounts cost, so timing tells no ids apart', async () => {
  const cheap = { log2N: 14, r: 8, p: 1 };
  const configured = [await hashPassword('a-password', cheap), await hashPassword('b-password', cheap), await hashPassword('c-password', { log2N: 15, r: 8, p: 1 })];
  assert.deepEqual(passwordCost(await decoyPasswordHash(configured)), cheap);
  assert.deepEqual(passwordCost(await decoyPasswordHash([])), { log2N: 15, r: 8, p: 1 }, 'no accounts: the default cost');
});

test('a malformed or too-cheap hash is refused with a message that says how to make one', () => {
  for (const bad of ['', 'plain-password', 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43), 'scrypt$15$8$9$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43)]) {
    assert.throws(() => checkPasswordHash(bad), PasswordHashError, bad);
  }
  assert.throws(() => checkPasswordHash('md5$x'), /npm run hash-password/);
});

test('sessions: the store keeps only the token\'s digest; signing out on one instance ends it on every instance', async () => {
  const store = new MemoryStateStore();
  const instanceA = new ConsoleSessions(store);
  const instanceB = new ConsoleSessions(store);
  const { token, session } = await instanceA.start('zhang');
  assert.equal(session.staffId, 'zhang');
  assert.equal((await instanceB.find(token))?.staffId, 'zhang');
  assert.equal(await store.get(`console-session:${token}`), undefined, 'the raw token is not a key');
  await instanceB.end(token);
  assert.equal(await instanceA.find(token), null);
  assert.equal(await instanceA.find(null), null);
  assert.equal(await instanceA.find('x'.repeat(500)), null);
});

test('sessions expire after a shift', async () => {
  let now = 1_000;
  const sessions = new ConsoleSessions(new MemoryStateStore(() => now), () => now);
  const { token } = await sessions.start('li');
  now += SESSION_TTL_MS - 1;
  assert.notEqual(await sessions.find(token), null);
  now += 1;
  assert.equal(await sessions.find(token), null);
});

test('the session cookie is HttpOnly and SameSite=Strict, Secure behind TLS; it is read back from a Cookie header', () => {
  assert.equal(sessionCookie('tok', { secure: false, maxAgeMs: 3_600_000 }), 'lk_console=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600');
  assert.match(sessionCookie('tok', { secure: true, maxAgeMs: 1000 }), /; Secure$/);
  assert.match(clearedSessionCookie(false), /^lk_console=; .*Max-Age=0/);
  assert.equal(sessionTokenFrom('theme=dark; lk_console=abc_-1 ; other=1'), 'abc_-1');
  assert.equal(sessionTokenFrom('lk_console_old=zzz'), null);
  assert.equal(sessionTokenFrom(undefined), null);
});

test('npm run hash-password reads the password from stdin and prints a hash that matches it; a short one is refused', async () => {
  const { spawnSync } = await import('node:child_process');
  const run = (input: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/proxy/attendant/hash-password.ts'], { input, encoding: 'utf8', timeout: 30_000 });
  const made = run('correct horse battery\n');
  assert.equal(made.status, 0, made.stderr);
  assert.equal(await passwordMatches(made.stdout.trim(), 'correct horse battery'), true);
  const short = run('12345\n');
  assert.equal(short.status, 2);
  assert.match(short.stderr, /at least 10 characters/);
});
