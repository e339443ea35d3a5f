// Preloaded into each service by `CATALOGUE_BENCH_CPU_PROFILE=<dir>` (NODE_OPTIONS="--import <this file>"): a V8 CPU
// profile of the whole process, written to <dir>/<service pid>.cpuprofile when it exits. Node 20 refuses `--cpu-prof`
// in NODE_OPTIONS, and the services are started by the test harness, not by us.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // The in-process session answers synchronously, so the profile is written before the process is gone.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
