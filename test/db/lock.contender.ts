import { lockDataDir } from '../../src/db/lock.ts';

// A process that competes for an embedded database folder's lock on the parent's orders (IPC):
// {op: 'lock', dir, at} tries at time `at` (epoch ms, so that several contenders start together)
// and answers {ok, notices} or {ok: false, code, message}; {op: 'release'}; {op: 'exit'}.
type Order = { op: 'lock'; dir: string; at: number } | { op: 'release' } | { op: 'exit' };

let release: (() => Promise<void>) | null = null;
process.on('message', async (o: Order) => {
  if (o.op === 'lock') {
    while (Date.now() < o.at) {
      /* spin: start as close to `at` as the clock allows */
    }
    const notices: string[] = [];
    try {
      release = await lockDataDir(o.dir, { onNotice: (m) => notices.push(m) });
      process.send!({ ok: true, notices, pid: process.pid });
    } catch (e) {
      const err = e as { code?: string; message: string };
      process.send!({ ok: false, code: err.code, message: err.message, notices, pid: process.pid });
    }
  } else if (o.op === 'release') {
    await release?.();
    release = null;
    process.send!({ ok: true });
  } else process.exit(0);
});
process.send!({ ready: true, pid: process.pid });
