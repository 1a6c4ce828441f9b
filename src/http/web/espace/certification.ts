import { badgeCertification, expireeOuFermee } from '../../../domain/certification-choix.ts';
import { jourIsoLong } from '../../../domain/dates.ts';
import type { CertificationProposee } from '../../../services/espace.service.ts';
import { NIVEAU } from '../libelles.ts';

// One line of the certification picker, said the same way by the page without JavaScript (radio
// buttons after "Chercher la certification") and by the autocomplete (GET /espace/certifications.json).

export interface CertificationDecrite {
  /** What the form posts as `certification.choix`: "rncp:RNCP34825", "cfd:32031213", "rs:RS5678" or "rncp:…+cfd:…". */
  readonly valeur: string;
  /** "RNCP34825", "CFD 32031213" or "RNCP37553 ↔ CFD 50022137". */
  readonly codes: string;
  readonly intitule: string;
  /**
   * Level, active or expired, validity dates, apprenticeship access, successors, and the paired
   * diploma's closing when it has closed: "niveau 7 (master…) · active · …".
   */
  readonly details: string;
  /** A line a new offer cannot use (CERT_EXPIREE): listed after the others. */
  readonly expiree: boolean;
  /** Why, as its badge says it (domain/certification-choix.ts): « Expirée », « Diplôme fermé »; null otherwise. */
  readonly badge: string | null;
}

export function describeCertification(c: CertificationProposee): CertificationDecrite {
  const ferme = c.lie?.ferme;
  const paire = c.lie ? (c.type === 'rncp' ? [c.code, c.lie.code] : [c.lie.code, c.code]) : null;
  return {
    valeur: paire ? `rncp:${paire[0]}+cfd:${paire[1]}` : `${c.type}:${c.code}`,
    codes: paire ? `${paire[0]} ↔ CFD ${paire[1]}` : c.type === 'cfd' ? `CFD ${c.code}` : c.code,
    intitule: c.intitule ?? 'intitulé inconnu',
    expiree: expireeOuFermee(c),
    badge: badgeCertification(c),
    details: [
      c.niveau ? (NIVEAU[c.niveau] ?? `niveau ${c.niveau}`) : 'niveau non renseigné',
      c.expiree ? 'expirée' : 'active',
      c.date_debut || c.date_fin
        ? `valide ${c.date_debut ? `du ${jourIsoLong(c.date_debut)} ` : ''}${c.date_fin ? `au ${jourIsoLong(c.date_fin)}` : ''}`.trim()
        : null,
      c.ouvert_apprentissage === true
        ? 'ouverte à l’apprentissage'
        : c.ouvert_apprentissage === false
          ? 'non ouverte à l’apprentissage'
          : null,
      c.successeurs.length ? `remplacée par ${c.successeurs.join(', ')}` : null,
      // The fiche may be current while the diploma paired with it has closed.
      ferme
        ? `diplôme CFD ${c.lie!.code} fermé${ferme.fin ? ` le ${jourIsoLong(ferme.fin)}` : ''}${ferme.successeurs.length ? `, remplacé par ${ferme.successeurs.join(', ')}` : ''}`
        : null,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}
