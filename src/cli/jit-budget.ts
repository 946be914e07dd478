// A smaller inlining budget for V8's optimising compiler in meshlock's own processes, set before any of its
// code runs hot. A command reads a whole mesh once: V8 optimises a few hundred of meshlock's functions along
// the way, and with its default budget (920 bytes of callee bytecode inlined into each) compiling them took
// 2-3 s per `status` on the 2,000-namespace mesh (the times `node --trace-opt` prints, added up), on the same
// two cores the reading, the checks and the status report use. With 100 bytes it takes less than half, and
// the commands finish sooner (README, Benchmarks: `commands`); a long-running `serve` stays within its bars
// (`save`, `npm run load`). Flags are per process, so the reading worker compiles under the same budget.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
