export * from './commands';
export * from './decide';
export * from './deadlines';
export * from './events';
export * from './frame';
export * from './sources';
export * from './state';
