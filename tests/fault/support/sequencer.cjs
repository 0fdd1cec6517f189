// Runs the fault suite's files in name order with the privacy sweep last: it reads what every other
// file left in the database and the logs.
const LAST = 'privacy.fault.test.ts';

class FaultSequencer {
  sort(tests) {
    const last = (t) => (t.path.endsWith(LAST) ? 1 : 0);
    return [...tests].sort((a, b) => last(a) - last(b) || a.path.localeCompare(b.path));
  }

  cacheResults() {}

  shard(tests) {
    return tests;
  }
}

module.exports = FaultSequencer;
