import type { EnglishHints, Kind } from '../catalog/types.js';
import minicall from '../catalog/minicall.data.js';

// The end user's texts beyond the catalog entries' own: the hint for a failure no entry explains,
// and the English hints `minicall/en` adds without the default entry carrying them.
let english: EnglishHints | undefined;

export function registerEnglish(hints: EnglishHints): void {
  english = hints;
}

/** English hints, index for index with `platform`'s catalog, once `minicall/en` is imported. */
export function englishHints(platform: string): string[] | undefined {
  return english && (english[platform as keyof EnglishHints] as string[]);
}

export const hasEnglish = (): boolean => !!english;

/** The hint for a failure no entry explains. */
export function kindHint(kind: Kind, en?: boolean): string {
  return (en && english ? english.kinds : minicall.kindHints!)[kind];
}
