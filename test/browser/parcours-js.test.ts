import { parcours } from './parcours.ts';

// The acceptance journey of issue 8 (test/browser/parcours.ts), JavaScript on.
parcours(true);
