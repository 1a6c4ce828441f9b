// Counts as French readers write them: « 2 000 » (narrow no-break space), on every channel.
const FR = new Intl.NumberFormat('fr-FR');

/** 2000 → « 2 000 » (U+202F between the groups). */
export const nombre = (n: number): string => FR.format(n);
