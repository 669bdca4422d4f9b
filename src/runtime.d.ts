// The timers every mini-program runtime provides. Declared here because the runtime code compiles
// without DOM or Node types (tsconfig.runtime.json), so that neither can slip into it.
declare function setTimeout(handler: (...args: any[]) => void, ms?: number): any;
declare function clearTimeout(id: any): void;
