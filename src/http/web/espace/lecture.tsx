import { adresseLieu } from '../../../domain/adresse-lieu.ts';
import { annees, jourIsoLong } from '../../../domain/dates.ts';
import { organismeLisible } from '../../../domain/identifiants.ts';
import { FINANCEUR } from '../../../domain/libelles.ts';
import { nombre } from '../../../domain/nombres.ts';
import { telephoneAffiche } from '../../../domain/telephone-affiche.ts';
import type { FicheEspace } from '../../../services/espace.service.ts';
import { ETAT_RECRUTEMENT, ouiNon, TYPE_CONTACT } from '../libelles.ts';
import { conventionnementSession } from './historique.ts';

// An offer read, not edited: every field of the formation and every session as one line each.
// Used by « Relire avant publication » (each line with its « Modifier » link) and by the page of
// an archived formation (no link: nothing of it can be changed until it is published again).

/** The « Contenu » textarea's id on the formation page (`contenu` is the page's `<main>`). */
export const ID_CONTENU = 'contenu-texte';

function Ligne({
  terme,
  valeur,
  details = [],
  modifier,
}: {
  terme: string;
  valeur: string;
  /** Further facts, one line each under the value (a conventionné session's market, contact…). */
  details?: readonly string[];
  modifier?: string;
}) {
  return (
    <div class="fr-grid-row fr-mb-1w">
      <dt class="fr-col-12 fr-col-md-4 fr-text--bold">{terme}</dt>
      <dd class={modifier ? 'fr-col-10 fr-col-md-6' : 'fr-col-12 fr-col-md-8'}>
        {valeur}
        {details.length > 0 && (
          <ul class="fr-mb-0">
            {details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </dd>
      {modifier && (
        <dd class="fr-col-2 fr-col-md-2">
          <a class="fr-link fr-link--sm" href={modifier}>
            Modifier<span class="fr-sr-only"> {terme.toLowerCase()}</span>
          </a>
        </dd>
      )}
    </div>
  );
}

const VIDE = 'non renseigné';

/**
 * The formation's fields as `<dl>` lines. `modifiable`: each line links to its field (or session
 * form) on the formation page; otherwise the lines are read-only.
 */
export function LignesFormation({
  fiche,
  certification,
  modifiable,
}: {
  fiche: FicheEspace;
  /** « CODE – intitulé » of the chosen certification, or null. */
  certification: string | null;
  modifiable: boolean;
}) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  const lien = (ancre: string) => (modifiable ? `${base}#${ancre}` : undefined);
  const s = fiche.saisie;
  const m = s.modalites;
  // « ACME FORMATION (SIRET 123 456 789 00011) »: its raison sociale when Offre knows it.
  const organisme = (siret: string | null | undefined) =>
    siret ? organismeLisible(siret, fiche.organismes.get(siret)) : VIDE;
  return (
    <dl>
      <Ligne terme="Intitulé" valeur={s.intitule ?? VIDE} modifier={lien('intitule')} />
      <Ligne terme="Objectif" valeur={s.objectif ?? VIDE} modifier={lien('objectif')} />
      <Ligne terme="Contenu" valeur={s.contenu ?? VIDE} modifier={lien(ID_CONTENU)} />
      <Ligne terme="Lien web" valeur={s.url ?? VIDE} modifier={lien('url')} />
      <Ligne terme="Certification" valeur={certification ?? VIDE} modifier={lien('certification')} />
      {/* A conventionné action entered under its mandataire (docs/conventionne.md): said before its co-contractors. */}
      {(s.financeurs ?? []).some((x) => x !== 'opco') && (
        <Ligne
          terme="Financeur public de l’action"
          valeur={(s.financeurs ?? [])
            .filter((x) => x !== 'opco')
            .map((x) => FINANCEUR[x] ?? x)
            .join(', ')}
          modifier={lien('financeurs')}
        />
      )}
      {s.mandataire?.siret && (
        <Ligne
          terme="Mandataire"
          valeur={organisme(s.mandataire.siret)}
          modifier={lien('mandataire.siret')}
        />
      )}
      <Ligne
        terme="Organisme responsable"
        valeur={organisme(s.responsable?.siret)}
        modifier={lien('responsable.siret')}
      />
      <Ligne
        terme="Organisme formateur"
        valeur={organisme(s.formateur?.siret)}
        modifier={lien('formateur.siret')}
      />
      <Ligne
        terme="Formation continue"
        valeur={ouiNon(m.formation_continue)}
        modifier={lien('modalites.formation_continue')}
      />
      <Ligne
        terme="Contrat de professionnalisation"
        valeur={ouiNon(m.contrat_professionnalisation)}
        modifier={lien('modalites.contrat_professionnalisation')}
      />
      <Ligne
        terme="Contrat d’apprentissage"
        valeur={ouiNon(m.contrat_apprentissage)}
        modifier={lien('modalites.contrat_apprentissage')}
      />
      <Ligne
        terme="Années ouvertes à l’apprentissage"
        valeur={
          m.annees_apprentissage.length
            ? m.annees_apprentissage.map((a) => `${a}${a === 1 ? 're' : 'e'}`).join(', ')
            : 'aucune'
        }
        modifier={lien('modalites.annees_apprentissage')}
      />
      <Ligne
        terme="Durée du cursus"
        valeur={m.duree_annees == null ? VIDE : annees(m.duree_annees)}
        modifier={lien('modalites.duree_annees')}
      />
      <Ligne
        terme="Contacts"
        valeur={
          s.contacts
            .map(
              (c) =>
                `${TYPE_CONTACT[c.type] ?? c.type} : ${[c.nom, c.telephone && telephoneAffiche(c.telephone).texte, c.courriel].filter(Boolean).join(', ')}`,
            )
            .join(' ; ') || VIDE
        }
        modifier={lien('contacts')}
      />
    </dl>
  );
}

type SessionLue = FicheEspace['saisie']['sessions'][number];

/**
 * What a session carries beyond its dates and place, as the gestionnaire's review reads it: what
 * makes it conventionnée (financeur, market number, notification — historique.ts
 * conventionnementSession), its contact, its information meetings (« 10 février 2027, Salle 3
 * (Réunion de présentation) »). Empty for a session with none.
 */
function detailsSession(x: SessionLue): string[] {
  const c = x.contact;
  const contact = c
    ? [c.nom, c.telephone && telephoneAffiche(c.telephone).texte, c.courriel].filter(Boolean).join(', ')
    : '';
  return [
    ...conventionnementSession(x),
    ...(contact ? [`Contact de la session : ${contact}`] : []),
    ...(x.reunions_information ?? []).map(
      (r) =>
        `Réunion d’information : ${[jourIsoLong(r.date), r.lieu].filter(Boolean).join(', ')}${r.libelle ? ` (${r.libelle})` : ''}`,
    ),
  ];
}

/** The sessions as `<dl>` lines (dates, place, recruitment, places, and detailsSession), each linking to its form when `modifiable`. */
export function LignesSessions({ fiche, modifiable }: { fiche: FicheEspace; modifiable: boolean }) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  const sessions = fiche.saisie.sessions;
  if (!sessions.length) return <p>Aucune session.</p>;
  return (
    <dl>
      {sessions.map((x, i) => (
        <Ligne
          key={x.id ?? String(i)}
          terme={`Session ${i + 1}`}
          valeur={`${jourIsoLong(x.debut)} – ${jourIsoLong(x.fin)}, ${adresseLieu(x.lieu) || 'lieu non renseigné'}, ${(ETAT_RECRUTEMENT[x.etat_recrutement ?? 'ouvert'] ?? '').toLowerCase()}${x.capacite != null ? `, ${nombre(x.capacite)} places` : ''}${!modifiable && x.id ? ` (référence ${x.id})` : ''}`}
          details={detailsSession(x)}
          modifier={modifiable ? `${base}/sessions/${encodeURIComponent(x.id ?? '')}` : undefined}
        />
      ))}
    </dl>
  );
}
