/**
 * One string object per repeated attribute value. Mapped attributes hold many equal values
 * (first names, patronymics, flat numbers): at a million subscribers each copy costs 30–50
 * bytes of heap, a hundred megabytes and more in all. Equal strings are interchangeable, so
 * an attribute's values go through its own table and the first copy seen is kept.
 *
 * Bounded: the table holds at most MAX_VALUES values, and an attribute whose values do not
 * repeat (phones, comments) is recognised after PROBE lookups and passed through untouched from
 * then on, its table dropped.
 */
const MAX_VALUES = 50_000;
const PROBE = 20_000;

export class RepeatedValues {
  #seen: Map<string, string> | undefined = new Map();
  #lookups = 0;
  #hits = 0;

  /** `value`, or an equal string seen before. */
  share(value: string): string {
    const seen = this.#seen;
    if (seen === undefined) return value;
    const known = seen.get(value);
    if (known !== undefined) {
      this.#hits++;
      return known;
    }
    if (seen.size < MAX_VALUES) seen.set(value, value);
    // Fewer than one value in four a repeat: not worth a lookup per value.
    if (++this.#lookups === PROBE && this.#hits * 4 < PROBE) this.#seen = undefined;
    return value;
  }
}
