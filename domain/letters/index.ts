export * from './complaint';
export * from './compose';
export * from './danish';
export * from './kinds';
