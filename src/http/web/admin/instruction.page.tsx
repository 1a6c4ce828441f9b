import { dateHeureLongue } from '../../../domain/dates.ts';
import { changePlateforme } from '../../../domain/decision-plateforme.ts';
import { organismeLisible } from '../../../domain/identifiants.ts';
import {
  etatInitial,
  LIBELLES_ACTIONS_PLATEFORME,
  LIBELLES_STATUTS,
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  PLATEFORMES,
  type Plateforme,
} from '../../../domain/plateforme.ts';
import { accord, pluriel } from '../../../domain/pluriel.ts';
import { nomAcademie } from '../../../domain/regles/academies.ts';
import { LIBELLES_ECHEC, libelleRegle } from '../../../domain/regles/definitions.ts';
import type {
  ficheInstruction,
  HorsInstruction,
  LigneInstruction,
} from '../../../services/instruction.service.ts';
import { apresDecision, decisionEnMots } from '../../../services/instruction-version.ts';
import {
  AlerteVersion,
  ChampVersion,
  type RefusVersion,
  type Remplace,
  remplacements,
} from '../espace/version.tsx';
import { Boutons, ChampSelect, ChampTexte, ChampZoneTexte, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

const STATUTS = Object.entries(LIBELLES_STATUTS) as [string, string][];

/** /instruction: the offers of the instructeur's académies for one platform, with filters. */
export function InstructionPage(p: {
  plateforme: Plateforme;
  /** The instructeur's académies by name; null: all of them (administrateur). */
  academies: readonly string[] | null;
  statut: string;
  q: string;
  lignes: readonly LigneInstruction[];
  total: number;
  parStatut: readonly { statut: string; libelle: string; n: number }[];
}) {
  return (
    <Layout titre={`Instruction ${NOMS_PLATEFORMES[p.plateforme]}`}>
      <h1>Instruction – {NOMS_PLATEFORMES[p.plateforme]}</h1>
      <p class="fr-text--lead">
        {p.academies
          ? `${accord(p.academies.length, 'Académie', 'Académies')} : ${p.academies.join(', ')}`
          : 'Académies : toutes'}
        .
      </p>
      <nav class="fr-mb-3w" aria-label="Plateforme">
        <ul class="fr-btns-group fr-btns-group--inline">
          {PLATEFORMES.map((x) => (
            <li key={x}>
              <a
                class={`fr-btn${x === p.plateforme ? '' : ' fr-btn--secondary'}`}
                href={`/instruction?plateforme=${x}`}
                aria-current={x === p.plateforme ? 'page' : undefined}
              >
                {NOMS_PLATEFORMES[x]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>État du flux {NOMS_PLATEFORMES[p.plateforme]}</h2>
      <ul id="etat-flux">
        {p.parStatut.map((x) => (
          <li key={x.statut}>
            <a href={`/instruction?plateforme=${p.plateforme}&statut=${x.statut}`}>{x.libelle}</a> : {x.n}
          </li>
        ))}
      </ul>
      {p.parStatut.length === 0 && (
        <p>Aucune offre de votre périmètre n’a de statut pour cette plateforme.</p>
      )}
      <h2>Offres</h2>
      <form method="get" action="/instruction">
        <input type="hidden" name="plateforme" value={p.plateforme} />
        <ChampSelect
          name="statut"
          label="Statut"
          requis={false}
          options={STATUTS}
          valeur={p.statut}
          erreurs={[]}
        />
        <ChampTexte name="q" label="Mots de l’intitulé" requis={false} valeur={p.q} erreurs={[]} />
        <Boutons>
          <button class="fr-btn fr-btn--secondary" type="submit">
            Filtrer
          </button>
        </Boutons>
      </form>
      <TableDefilante nom="Offres instruites">
        <caption>
          {pluriel(p.total, 'offre', 'offres')}
          {p.total > p.lignes.length ? `, ${p.lignes.length} premières affichées` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Formation</th>
            <th scope="col">Responsable</th>
            <th scope="col">Mandataire</th>
            <th scope="col">Statut</th>
            <th scope="col">Motif</th>
          </tr>
        </thead>
        <tbody>
          {p.lignes.map((l) => (
            <tr key={l.id}>
              <td>
                <a href={`/instruction/${p.plateforme}/${l.id}`}>{l.intitule ?? l.id}</a>
              </td>
              <td>{l.responsable ?? '–'}</td>
              <td>
                {l.mandataire ? organismeLisible(l.mandataire.siret, l.mandataire.raison_sociale) : '–'}
              </td>
              <td>{l.libelle}</td>
              <td>{l.motif ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
    </Layout>
  );
}

type Fiche = Awaited<ReturnType<typeof ficheInstruction>>;

/**
 * What deciding `saisie` again would replace in the offer's current state (FORMATION_MODIFIEE):
 * the status, the decision and its reason, with their current value; undefined when that decision
 * is no longer possible on the current state (saying so is the next refusal's job).
 */
export function remplacementsDecision(
  p: Plateforme,
  f: Fiche,
  saisie: { action: string; motif: string },
): Remplace[] | undefined {
  const annee = f.etatStocke?.annee ?? f.etat?.campagne ?? new Date().getFullYear();
  const apres = apresDecision(p, f.etatStocke, saisie.action, saisie.motif.trim(), annee);
  if (!apres) return undefined;
  return remplacements(apres, decisionEnMots(f.etatStocke ?? etatInitial(annee)), {
    statut: `Statut ${NOMS_PLATEFORMES[p]}`,
    decision: 'Décision de l’instructeur',
    motif: 'Motif',
  });
}
const ACTIONS: [string, string][] = [
  ['publier', 'Publier'],
  ['non_publier', 'Ne pas publier (motif obligatoire)'],
  ['mettre_en_attente', 'Mettre en attente'],
  ['reprendre', 'Reprendre (annuler la décision)'],
];

/** /instruction/{plateforme}/{id}: scope rule, rule results, platform return, decision form, history. */
export function FicheInstructionPage(p: {
  plateforme: Plateforme;
  fiche: Fiche;
  saisie?: { action: string; motif: string };
  erreurs?: Erreurs;
  message?: string;
  /** A decision refused for its version (FORMATION_MODIFIEE, VERSION_MANQUANTE): the alert at the top. */
  refusVersion?: RefusVersion;
}) {
  const f = p.fiche;
  const e = p.erreurs ?? [];
  const nom = NOMS_PLATEFORMES[p.plateforme];
  return (
    <Layout titre={`${f.intitule ?? f.id} – ${nom}`}>
      <p>
        <a
          class="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          href={`/instruction?plateforme=${p.plateforme}`}
        >
          Offres {nom}
        </a>
      </p>
      <h1>{f.intitule ?? f.id}</h1>
      <AlerteVersion refus={p.refusVersion} recharger={`/instruction/${p.plateforme}/${f.id}`} />
      {p.message && (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>{p.message}</p>
        </div>
      )}
      <h2>Organismes</h2>
      <ul id="organismes">
        {(
          [
            ['responsable', 'Organisme responsable'],
            ['formateur', 'Organisme formateur'],
            ['mandataire', 'Mandataire (titulaire du marché, propriétaire de l’offre)'],
          ] as const
        ).map(([role, libelle]) => {
          const o = f.organismes[role];
          // An apprenticeship offer has no mandataire: only a conventionné action names one.
          if (!o && role === 'mandataire') return null;
          return (
            <li key={role} id={`organisme-${role}`}>
              {libelle} : {o ? organismeLisible(o.siret, o.raison_sociale) : 'non renseigné'}
            </li>
          );
        })}
      </ul>
      <h2>Statut {nom}</h2>
      <ul>
        <li id="statut">Statut : {f.etat?.libelle ?? 'Non publiable'}</li>
        {f.etat?.blocage && <li id="blocage">{f.etat.blocage}</li>}
        {f.etat?.decision && <li>Décision de l’instructeur : {libelleStatutPlateforme(f.etat.decision)}</li>}
        {f.etat?.motif && <li>Motif : {f.etat.motif}</li>}
        {f.etat?.action_corrective && (
          <li>
            Action corrective demandée par {nom} : {f.etat.action_corrective}
          </li>
        )}
        {f.etat?.id_plateforme && (
          <li>
            Identifiant {nom} : {f.etat.id_plateforme}
          </li>
        )}
        <li>
          {accord(f.academies.length, 'Académie', 'Académies')} de l’offre :{' '}
          {f.academies.map(nomAcademie).join(', ') || 'inconnue'}
        </li>
      </ul>
      <h2>Règle de périmètre appliquée</h2>
      {f.regle ? (
        <p>
          Règle n° {f.regle.id} (priorité {f.regle.priorite}) : niveau {f.regle.niveau ?? 'tous'}, diplôme{' '}
          {f.regle.type_diplome ?? 'tous'}, durée {f.regle.duree ?? 'toutes'}, année d’entrée{' '}
          {f.regle.annee_entree ?? 'toutes'}, académie {f.regle.academie ?? 'toutes'} → «{' '}
          {libelleStatutPlateforme(f.regle.statut)} ».
        </p>
      ) : (
        <p>Aucune règle de périmètre ne couvre cette offre (niveau {f.scope.niveau ?? 'inconnu'}).</p>
      )}
      <h2>Résultats des règles</h2>
      <ul>
        {f.controles
          .filter((c) => c.resultat === 'echec')
          .map((c) => (
            <li key={c.code}>
              <strong>{libelleRegle(c.code) ?? c.code}</strong> — {LIBELLES_ECHEC[c.severite]}. {c.message}{' '}
              <span class="fr-hint-text">Code de la règle : {c.code}</span>
            </li>
          ))}
      </ul>
      {f.controles.every((c) => c.resultat !== 'echec') && <p>Toutes les règles sont satisfaites.</p>}
      <h2>Décider</h2>
      <Formulaire action={`/instruction/${p.plateforme}/${f.id}`} erreurs={e}>
        <ChampVersion version={f.version} />
        <ChampSelect name="action" label="Décision" options={ACTIONS} valeur={p.saisie?.action} erreurs={e} />
        <ChampZoneTexte
          name="motif"
          label="Motif (obligatoire pour ne pas publier)"
          hint="Conseillé pour « Mettre en attente » ; inutile pour « Publier » ou « Reprendre »"
          conditionnel
          valeur={p.saisie?.motif}
          erreurs={e}
        />
        <Boutons>
          <button class="fr-btn" type="submit">
            Enregistrer la décision
          </button>
        </Boutons>
      </Formulaire>
      <h2>Historique {nom}</h2>
      {f.historique.length === 0 ? (
        <p>Aucune décision ni retour.</p>
      ) : (
        <ul id="historique">
          {f.historique.map((h) => {
            const c = changePlateforme(h.diff);
            return (
              <li key={h.id}>
                {dateHeureLongue(h.at)} – {LIBELLES_ACTIONS_PLATEFORME[h.action] ?? h.action} par {h.auteur}
                {c?.motif ? ` – motif : ${c.motif}` : ''}
                {c?.raison
                  ? ` – ${libelleStatutPlateforme(c.avant ?? 'non_publiable')} → ${libelleStatutPlateforme(c.apres ?? 'non_publiable')} : ${c.raison}`
                  : ''}
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

/**
 * /instruction/{plateforme}/{id} of an offer of the instructeur's académies that is not (or no
 * longer) in instruction: its statut, its platform status and why (the latest recomputation), what
 * brings it back. No decision form: a decision on it is refused (404, offreInstruite).
 */
export function HorsInstructionPage(p: { plateforme: Plateforme; offre: HorsInstruction }) {
  const o = p.offre;
  const nom = NOMS_PLATEFORMES[p.plateforme];
  const titre = o.intitule ?? `Offre ${o.id}`;
  return (
    <Layout titre={`${titre} – pas en instruction ${nom}`}>
      <p>
        <a
          class="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          href={`/instruction?plateforme=${p.plateforme}`}
        >
          Offres {nom}
        </a>
      </p>
      <h1>{titre}</h1>
      <div class="fr-alert fr-alert--info fr-mb-3w" id="hors-instruction">
        <h2 class="fr-alert__title">Cette offre n’est pas en instruction pour {nom}</h2>
        <p>{o.suite}</p>
      </div>
      <h2>Où en est l’offre</h2>
      <ul>
        <li id="statut-offre">Statut de l’offre : {o.statut}</li>
        <li id="statut-plateforme">
          Statut {nom} : {o.statutPlateforme}
        </li>
        {o.perimetre && (
          <li>
            Hors du périmètre de {nom} : {o.perimetre}
          </li>
        )}
      </ul>
      {o.recalcul && (
        <>
          <h2>Pourquoi ce statut {nom}</h2>
          <p id="raison-recalcul">
            Recalculé par les contrôles le {dateHeureLongue(o.recalcul.at)}
            {o.recalcul.raison ? ` : ${o.recalcul.raison}` : '.'}
          </p>
          {o.recalcul.regles.length > 0 && (
            <>
              <p>{accord(o.recalcul.regles.length, 'Règle en échec', 'Règles en échec')} :</p>
              <ul id="regles-recalcul">
                {o.recalcul.regles.map((code) => (
                  <li key={code}>
                    {libelleRegle(code) ?? code} (code de la règle : {code})
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Layout>
  );
}
