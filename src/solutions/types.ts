/** The developer documentation of one catalog entry, kept out of the default bundle. */
export interface SolutionTable {
  [codeAndApis: string]: {
    solution?: string;
    variants?: { message: string; solution?: string; source?: string }[];
    note?: string;
    source?: string;
  };
}
