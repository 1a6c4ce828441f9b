// Counts as French readers write them: « 2 000 » (narrow no-break space); the API's JSON, a plain space.
const FR = new Intl.NumberFormat('fr-FR');
const FR_DIXIEMES = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 2000 → « 2 000 » (U+202F between the groups). */
export const nombre = (n: number): string => FR.format(n);

/** 2000 → « 2 000 » with a plain space: for text read in JSON or a terminal (the API's messages). */
export const nombreBrut = (n: number): string => FR.format(n).replace(/\s/g, ' ');

/** A measure to the tenth, as French readers write it: 5.46 → « 5,5 », 1234.5 → « 1 234,5 » (seconds, Mo). */
export const dixiemes = (n: number): string => FR_DIXIEMES.format(n);
