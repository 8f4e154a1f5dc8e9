/** A Welink simulator in its own process for load runs; prints its URL, with 沪A12345 parked. */
import { startWelinkSim } from '../../test/helpers/welink-sim-server.js';

const sim = await startWelinkSim();
sim.sim.enter('沪A12345', Date.now() - 135 * 60_000);
process.stdout.write(`listening on ${sim.baseUrl}\n`);
process.once('SIGTERM', () => void sim.close());
