// The chaos suites in a fixed order: load first, in a process no other suite has filled yet, so
// its throughput and heap figures are its own; then the others in the table's order.
import sequencerModule from '@jest/test-sequencer';

const TestSequencer = sequencerModule.default ?? sequencerModule;
const order = ['load', 'upstreamFaults', 'tokenFaults', 'badInput', 'storageFaults', 'hostileBodies', 'amplifyingQueries', 'sharedBudget'];
const rank = (path) => {
  const index = order.findIndex((name) => path.endsWith(`/${name}.chaos.ts`));
  return index < 0 ? order.length : index;
};

export default class ChaosSequencer extends TestSequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path));
  }
}
