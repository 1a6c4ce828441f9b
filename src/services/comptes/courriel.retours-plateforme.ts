import { NOMS_PLATEFORMES, type Plateforme } from '../../domain/plateforme.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { intituleDe, type MessageRendu, signature } from './courriel.commun.ts';

/** The offers a message lists one by one; beyond, it gives the number left and the space's list. */
const LISTEES = 50;

/** The message's data (courriel.modeles.ts ModeleCourriel). */
export interface RetoursPlateforme {
  readonly modele: 'retours_plateforme';
  readonly plateforme: Plateforme;
  /**
   * One platform return batch's changes on this organisme's offers (services/plateforme.service.ts
   * applyRetours): the offers the platform published, with its identifier for them...
   */
  readonly publiees: readonly {
    readonly formation: { readonly id: string; readonly intitule: string | null };
    readonly idPlateforme: string | null;
  }[];
  /** ...and those it refused, with its motif and the correction it asks for (or null). */
  readonly rejetees: readonly {
    readonly formation: { readonly id: string; readonly intitule: string | null };
    readonly motif: string;
    readonly actionCorrective: string | null;
  }[];
}

/** At most LISTEES lines, then « … et N autres ». */
function liste<T>(items: readonly T[], ligne: (x: T) => string): string {
  const lignes = items.slice(0, LISTEES).map(ligne);
  if (items.length > LISTEES) lignes.push(`- … et ${pluriel(items.length - LISTEES, 'autre', 'autres')}`);
  return lignes.join('\n');
}

/**
 * One e-mail per organisme and return batch of a platform (Parcoursup, Affelnet): the offers it
 * refused first (each with the platform's motif, the correction it asks for and the offer's page),
 * then those it published (with its identifier); never one e-mail per offer, since a batch may
 * carry hundreds.
 */
export function retoursPlateforme(m: RetoursPlateforme, base: string): MessageRendu {
  const nom = NOMS_PLATEFORMES[m.plateforme];
  const rejetees = m.rejetees.length ? pluriel(m.rejetees.length, 'offre rejetée', 'offres rejetées') : '';
  const publiees = m.publiees.length ? pluriel(m.publiees.length, 'offre publiée', 'offres publiées') : '';
  const bilan = [rejetees, publiees].filter(Boolean).join(', ');
  const lien = (id: string) => `/espace/formations/${id}#plateformes`;
  const seule = m.rejetees.length + m.publiees.length === 1;
  const parties = [`Bonjour,\n\n${nom} a transmis ses retours sur vos offres : ${bilan}.`];
  if (m.rejetees.length)
    parties.push(
      `Rejetées par ${nom}, à corriger : votre modification sera soumise à validation, puis transmise de nouveau.\n${liste(
        m.rejetees,
        (r) =>
          `- « ${intituleDe(r.formation)} »\n  Motif : ${r.motif}${r.actionCorrective ? `\n  Action demandée : ${r.actionCorrective}` : ''}\n  ${base}${lien(r.formation.id)}`,
      )}`,
    );
  if (m.publiees.length)
    parties.push(
      `Publiées sur ${nom} :\n${liste(
        m.publiees,
        (p) =>
          `- « ${intituleDe(p.formation)} »${p.idPlateforme ? ` (identifiant ${nom} : ${p.idPlateforme})` : ''}`,
      )}`,
    );
  parties.push(`Toutes vos formations :\n${base}/espace`);
  const premiere = m.rejetees[0]?.formation ?? m.publiees[0]?.formation;
  return {
    sujet: `${nom} : ${bilan}`,
    texte: `${parties.join('\n\n')}${signature}`,
    notification: {
      titre: `${nom} : ${bilan}`,
      texte: m.rejetees.length
        ? `À corriger : ${m.rejetees
            .slice(0, 3)
            .map((r) => `« ${intituleDe(r.formation)} » (${r.motif})`)
            .join(', ')}${m.rejetees.length > 3 ? '…' : ''}`
        : `Publiées : ${m.publiees
            .slice(0, 3)
            .map((p) => `« ${intituleDe(p.formation)} »`)
            .join(', ')}${m.publiees.length > 3 ? '…' : ''}`,
      lien: seule && premiere ? lien(premiere.id) : '/espace',
    },
  };
}
