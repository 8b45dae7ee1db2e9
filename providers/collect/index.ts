// The shared collection module of the live readers of every cloud (see context.ts).
export * from './context';
