/** The rush's load generator in a process of its own (child-process.ts): runs one load phase per 'run' message. */
import { exitWithParent } from './child-process.ts';
import { type LoadOptions, rush } from './load.ts';

export type LoadRequest = { type: 'run'; options: Omit<LoadOptions, 'onProgress'> };
export type LoadMessage =
  | { type: 'progress'; done: number }
  | { type: 'result'; result: import('./load.ts').SerialisedLoadResult }
  | { type: 'failed'; message: string };

exitWithParent();
process.on('message', (message: LoadRequest) => {
  if (message.type !== 'run') return;
  const reply = (m: LoadMessage) => process.send?.(m);
  rush({ ...message.options, onProgress: (done) => reply({ type: 'progress', done }) }).then(
    (result) => reply({ type: 'result', result: { ...result, errorMessages: [...result.errorMessages] } }),
    (error: Error) => reply({ type: 'failed', message: error.message }),
  );
});
