/**
 * `npm run hash-password`: reads a password from stdin (never from the command line, which shell
 * history and `ps` keep) and prints its scrypt hash for an attendant account in the config.
 */
import { hashPassword } from './passwords.js';

const MIN_PASSWORD_LENGTH = 10;

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const password = input.replace(/\r?\n$/, '');
if ([...password].length < MIN_PASSWORD_LENGTH) {
  process.stderr.write(`a console password needs at least ${MIN_PASSWORD_LENGTH} characters\n`);
  process.exit(2);
}
process.stdout.write(`${await hashPassword(password)}\n`);
