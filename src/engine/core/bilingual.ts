/**
 * `{ en, zh }` whose text is written when read, one language at a time: a month of a million tickets carries
 * millions of traces, and a sheet reads only one language of each. A class, so V8 keeps its getters fast.
 */
import type { Lang } from "./issues";

export interface WritesText {
  text(lang: Lang): string;
}

export class BilingualText {
  constructor(private readonly source: WritesText) {}
  get en(): string {
    return this.source.text("en");
  }
  get zh(): string {
    return this.source.text("zh");
  }
}
