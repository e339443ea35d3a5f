export * from './app.ts';
export * from './cursor.ts';
export * from './internal.ts';
export * from './metrics.ts';
export * from './principal.ts';
export * from './problem.ts';
export * from './request-header.ts';
export * from './serve.ts';
