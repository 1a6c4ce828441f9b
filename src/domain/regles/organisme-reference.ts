import type { HabilitationFact } from '../referentiel.ts';
import { type CertificationsDeFormation, isSurDemande } from './certification.ts';
import type { FaitsReference, FormationAControler, OrganismeAControler } from './types.ts';

// The organisme de référence (docs/regles.md): the responsable; the formateur without responsable;
// for a certification "sur demande", the one of the two that is habilitated, responsable first.

const HABILITATIONS_FORMER = new Set(['HABILITATION_FORMER', 'HABILITATION_ORGA_FORM']);

/** The habilitation that lets `siret` train for the fiche: certificateur, or active partner habilitated to train. */
export function habilitationDe(
  siret: string,
  code: string | null,
  faits: FaitsReference,
): HabilitationFact | null {
  if (!code) return null;
  for (const h of faits.habilitations.get(code) ?? []) {
    if (h.siret !== siret || !h.actif) continue;
    if (h.role === 'certificateur') return h;
    if (h.habilitation && HABILITATIONS_FORMER.has(h.habilitation.toUpperCase())) return h;
  }
  return null;
}

export interface OrganismeReference {
  readonly organisme: OrganismeAControler;
  readonly role: 'responsable' | 'formateur';
}

export function organismeReference(
  f: FormationAControler,
  certs: CertificationsDeFormation,
  faits: FaitsReference,
): OrganismeReference | null {
  const candidats: OrganismeReference[] = [];
  if (f.responsable) candidats.push({ organisme: f.responsable, role: 'responsable' });
  if (f.formateur && f.formateur.siret !== f.responsable?.siret)
    candidats.push({ organisme: f.formateur, role: 'formateur' });
  if (candidats.length === 0) return null;
  if (isSurDemande(certs)) {
    const habilite = candidats.find((c) => habilitationDe(c.organisme.siret, certs.rncp, faits));
    if (habilite) return habilite;
  }
  return candidats[0]!;
}
