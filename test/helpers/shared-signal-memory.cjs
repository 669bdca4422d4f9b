// Run by test/memory.test.ts as `node --expose-gc`: 100,000 calls of the built package share one
// onabort-style signal, 1,000 in flight at a time, finishing in scrambled order. Prints the heap in
// use after each 10,000 calls (after a full collection) and what is left on the signal.
const { createClient } = require('../../dist/cjs/index.js');

const pending = [];
const host = {
  getStorage(options) {
    pending.push(options);
  },
};
const client = createClient({ my: host, toast: false, retry: false });
const original = function pageOwnHandler() {};
const signal = { aborted: false, onabort: original };

/** Answers every call in flight, in an order that is not the order they were made in. */
function answerAll() {
  const batch = pending.splice(0);
  for (let i = 0; i < batch.length; i++) {
    const j = (i * 7919) % batch.length;
    [batch[i], batch[j]] = [batch[j], batch[i]];
  }
  for (const options of batch) options.success({ data: 'x'.repeat(64) });
}

async function main() {
  const heap = [];
  let handlersSeen = 0;
  for (let round = 0; round < 100; round++) {
    const calls = [];
    for (let i = 0; i < 1000; i++) calls.push(client.call('getStorage', { key: 'k' + i }, { signal }));
    if (signal.onabort !== original) handlersSeen++;
    answerAll();
    await Promise.all(calls);
    if ((round + 1) % 10 === 0) {
      global.gc();
      heap.push(process.memoryUsage().heapUsed);
    }
  }
  console.log(JSON.stringify({ heap, handlersSeen, restored: signal.onabort === original }));
}

main();
