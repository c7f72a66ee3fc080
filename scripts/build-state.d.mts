import type { Plugin } from 'vite';

export type BuildName = 'console' | 'widget' | 'server';

/** One build: its output file, the sources it is made from, the script that makes it and the tool that script needs. */
export interface BuildTarget {
  name: BuildName;
  output: string;
  sources: string[];
  script: string;
  tool: string;
}

export declare const root: string;
export declare const serverEntryPoints: string[];
export declare const builds: { [name in BuildName]: BuildTarget };
export declare function recordInputs(name: BuildName, files: string[], opts?: { append?: boolean }): void;
export declare function forgetInputs(name: BuildName): void;
export declare function isStale(target: BuildTarget): boolean;
export declare function recordInputsPlugin(name: BuildName): Plugin;
