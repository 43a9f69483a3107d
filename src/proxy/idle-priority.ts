// The checking thread's place in the queue for the CPU: last.
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Puts the calling thread last in line for the CPU. On Linux the thread (its own task id, from
 * /proc/thread-self) goes to nice 19 and then to the idle scheduling class (SCHED_IDLE, set by
 * util-linux's chrt: Node has no call for it): it runs only on a CPU nobody else wants, and whatever
 * wakes there (the forwarding thread, the upstream, the integrator's client) takes the CPU from it at
 * once. At nice 19 alone the scheduler may let it finish its time slice (a millisecond or more) while
 * a woken request waits. Without chrt the thread stays at nice 19; elsewhere, or when neither is
 * allowed, at normal priority.
 *
 * Its garbage collection would still run partly on V8's helper threads, shared by the process and at
 * normal priority (for the checking thread, about one young-generation collection per hundred
 * exchanges, a millisecond or two of CPU beside the requests each time): `npm run proxy` starts node
 * with --single-threaded-gc, so each thread collects its own garbage at its own priority.
 */
export function idlePriority(): void {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, 19);
  } catch {
    return; // Not Linux, or not allowed: the checks share the CPU as equals.
  }
  spawnSync('chrt', ['--idle', '--pid', '0', String(tid)], { stdio: 'ignore', timeout: 5_000 });
}
