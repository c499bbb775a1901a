// DKFDS ships its JavaScript as one UMD module without type declarations.
declare module 'dkfds' {
  export function init(options?: unknown): void;
}
