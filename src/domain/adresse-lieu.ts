import { mentionDuLieu, readCommune } from './commune.ts';

export interface LieuAdresse {
  readonly adresse?: string | null;
  readonly code_postal?: string | null;
  readonly commune?: string | null;
  readonly cedex?: string | null;
}

/** Upper case without accents, as La Poste writes a CEDEX line (« Saint-Étienne » → « SAINT-ETIENNE »). */
const majuscules = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

/**
 * An arrondissement of Paris, Lyon or Marseille (its official name in the communes reference, COG:
 * « Paris 8e Arrondissement », « Lyon 1er Arrondissement ») → its city, as La Poste's CEDEX line
 * names it (« 75008 PARIS CEDEX 08 », never « PARIS 8E ARRONDISSEMENT »); any other name as is.
 */
const nomPostal = (nom: string): string =>
  /^(Paris|Lyon|Marseille)\s+\d{1,2}(?:er|e)\s+Arrondissement$/i.exec(nom)?.[1] ?? nom;

/**
 * A place's postal line, the one way every page writes it: « 53013 Laval » without a cedex; with
 * one (the « Cedex » field, or the mention kept after the commune's name by a workbook import),
 * La Poste's CEDEX line, which replaces « code postal + commune »: « 53013 LAVAL CEDEX », « 75008
 * PARIS CEDEX 8 » (an arrondissement by its city). A « Cedex » field that is no CEDEX mention is
 * written after the commune, as typed. Null when the place has neither postal code nor commune.
 */
export function lignePostale(lieu: LieuAdresse): string | null {
  const cp = lieu.code_postal?.trim() || null;
  const commune = lieu.commune?.trim() || null;
  const mention = mentionDuLieu({ commune, cedex: lieu.cedex });
  if (mention && /^CEDEX\b/.test(mention)) {
    const nom = commune ? nomPostal(readCommune(commune).nom) : null;
    // The « Cedex » field's mention as typed (« CEDEX 01 » stays so), upper case.
    const tapee = lieu.cedex?.trim().match(/C[EÉ]DEX(?:\s*\d{1,3})?$/i)?.[0];
    const ecrite = tapee ? majuscules(tapee).replace(/\s+/g, ' ') : mention;
    return [cp, nom ? majuscules(nom) : null, ecrite].filter(Boolean).join(' ');
  }
  return [cp, commune, lieu.cedex?.trim() || null].filter(Boolean).join(' ') || null;
}

/** A place's address on one line: its street part, then its postal line (lignePostale). */
export function adresseLieu(lieu: LieuAdresse | null | undefined): string {
  if (!lieu) return '';
  return [lieu.adresse?.trim() || null, lignePostale(lieu)].filter(Boolean).join(' ');
}
