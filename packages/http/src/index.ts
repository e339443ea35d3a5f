export * from './app.ts';
export * from './problem.ts';
export * from './serve.ts';
export * from './internal.ts';
