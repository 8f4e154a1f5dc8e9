/**
 * `npm run doctor -- --config <file>` (or `node dist/proxy/doctor.js --config <file>` once built):
 * validates the config as the proxy would (with the production checks under NODE_ENV=production),
 * then makes one harmless signed call to every platform of every lot and prints one line each:
 * reachable, signature accepted, clock skew. Exits 1 if any platform fails, 2 if the config does.
 * Nothing it prints carries a secret: every line passes the same redaction as the proxy's logs.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from './config.js';
import { examine } from './doctor/probes.js';
import { passed, verdictLines } from './doctor/verdict.js';
import { redactor } from './log.js';
import { closeUpstreams } from './providers/upstream.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'config/demo.json' } } });

try {
  const config = loadConfigFile(values.config!);
  const redact = redactor(config.secrets);
  process.stdout.write(`config ${values.config}: valid${process.env.NODE_ENV === 'production' ? ', production checks passed' : ''}\n`);
  const verdicts = await examine(config);
  for (const line of verdictLines(verdicts)) process.stdout.write(`${redact(line)}\n`);
  const failed = verdicts.filter((verdict) => !passed(verdict)).length;
  process.stdout.write(failed === 0 ? `all ${verdicts.length} checks passed\n` : `${failed} of ${verdicts.length} checks failed\n`);
  process.exitCode = failed === 0 ? 0 : 1;
  await closeUpstreams();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
