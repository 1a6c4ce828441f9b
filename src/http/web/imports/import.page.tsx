import { Fragment } from 'preact';
import type { ImportTacheResume } from '../../../db/import-tache.repository.ts';
import {
  phraseComptesRegles,
  phraseCreeesNonDiffusables,
  phraseNonDiffusables,
} from '../../../domain/apercu-regles.ts';
import { conseilApercu, conseilApplique } from '../../../domain/import-apercu.ts';
import { nombre } from '../../../domain/nombres.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { enteteDeSession, FEUILLE_OFFRE } from '../../../formats/classeur/classeur.columns.ts';
import {
  type LigneRapport,
  messageApercuRecalcule,
  phraseSessionAjoutee,
  type RapportClasseur,
} from '../../../formats/classeur/classeur.report.ts';
import {
  type ChangementRapporte,
  elementDe,
  type FormationNommee,
  LISTE_MAX,
  phraseRevisionsGardees,
} from '../../../formats/lheo/lheo.rapport.ts';
import type { LheoRejet } from '../../../formats/lheo/lheo.rejet.ts';
import type { LheoImportReport } from '../../../services/import-lheo.service.ts';
import { CodeDeLErreur } from '../code-erreur.tsx';
import { type NomsSessions, nomDuChamp } from '../espace/historique.ts';
import { Boutons, Formulaire } from '../form/champs.tsx';
import { NavGestion } from '../gestion/file.page.tsx';
import { FilAriane, Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import {
  comptesApercu,
  conseilEchec,
  dateHeure,
  enteteDe,
  etatDe,
  fichierImport,
  importePar,
  intituleImport,
  origineDe,
  resultatDe,
  resume,
  taille,
} from './imports.libelles.ts';
import { type BaseImports, OngletsEspace } from './imports.page.tsx';
import { BadgeNonDiffusable, ReglesModifiees, ReglesParCode } from './regles-apercu.tsx';

// /espace/imports/{id} and /gestion/imports/{id} (`base`): progress, then the preview row by row
// and « Appliquer », then the report.

/** Rows listed on the page at most; the annotated workbook has them all. */
const LIGNES_MAX = 1000;

/** What the notice of an import made by another than the organisme's page says of it. */
function faitPar(t: ImportTacheResume): string {
  const par = importePar(t);
  if (t.origine === 'cli')
    return 'Cet import a été fait par la ligne de commande (« offre import »), par un administrateur de la plateforme.';
  if (t.origine === 'page')
    return `Cet import a été fait depuis la page Imports des gestionnaires, par ${par}.`;
  return `Cet import a été fait par l’API (/api/v1/imports)${t.cle_nom ? `, avec la clé d’API « ${t.cle_nom} »` : par ? `, par ${par}` : ''}.`;
}

export function ImportPage({
  t,
  annonce,
  base = '/espace/imports',
}: {
  t: ImportTacheResume;
  annonce?: string;
  base?: BaseImports;
}) {
  const e = etatDe(t);
  const enCours = t.etat === 'en_attente' || t.etat === 'en_cours';
  const titre = intituleImport(t);
  const gestion = base === '/gestion/imports';
  // The organisme's list holds the imports others made of its offer: the notice says who.
  const parAutrui = !gestion && (t.origine !== 'page' || importePar(t) !== undefined);
  return (
    <Layout titre={`Import – ${titre}`}>
      {gestion ? <NavGestion courant="/gestion/imports" /> : <OngletsEspace actif="imports" />}
      <FilAriane
        liens={[
          gestion ? { libelle: 'Gestion', href: '/gestion' } : { libelle: 'Mon espace', href: '/espace' },
          { libelle: 'Imports', href: base },
          { libelle: fichierImport(t), href: `${base}/${t.id}` },
        ]}
      />
      <h1>{titre}</h1>
      {!parAutrui ? (
        <p>
          Envoyé le {dateHeure(t.created_at)}
          {t.taille !== null && ` (${taille(t.taille)})`}.{' '}
          <span class={`fr-badge ${e.badge}`}>{e.libelle}</span>
          {t.applique_at && <> Appliqué le {dateHeure(t.applique_at)}.</>}
        </p>
      ) : (
        <>
          <p>
            Importé le {dateHeure(t.created_at)}, origine : <strong>{origineDe(t)}</strong>.{' '}
            <span class={`fr-badge ${e.badge}`}>{e.libelle}</span>
          </p>
          <div class="fr-notice fr-notice--info fr-mb-3w">
            <div class="fr-container">
              <div class="fr-notice__body">
                <p class="fr-notice__title">
                  {faitPar(t)} Seules les {t.format === 'classeur' ? 'lignes' : 'formations'} de votre
                  structure sont présentées ici.
                </p>
              </div>
            </div>
          </div>
        </>
      )}
      {annonce && (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{annonce}</p>
        </div>
      )}
      {enCours && <Progression t={t} base={base} />}
      {t.etat === 'echouee' && <Echec t={t} base={base} />}
      {t.etat === 'terminee' && <Resultat t={t} base={base} />}
      <p class="fr-mt-4w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={base}>
          Retour aux imports
        </a>
      </p>
    </Layout>
  );
}

/** A failed import: the refusal, then what to do, fitting the refusal (conseilEchec). */
function Echec({ t, base }: { t: ImportTacheResume; base: BaseImports }) {
  const erreur = t.erreur as { code?: string; message: string };
  const conseil = conseilEchec(erreur.code);
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title">L’import n’a pas pu être fait</h2>
      <p>{erreur.message}</p>
      {erreur.code && <CodeDeLErreur code={erreur.code} bloc />}
      <p>Aucune formation n’a été modifiée. {conseil.texte}</p>
      {conseil.telecharger && base === '/espace/imports' && (
        <p>
          <a href={`${base}#telecharger`}>Télécharger le classeur de votre organisme</a>
        </p>
      )}
    </div>
  );
}

function Progression({ t, base }: { t: ImportTacheResume; base: BaseImports }) {
  const quoi = t.etape === 'apercu' ? 'L’aperçu est en préparation' : 'L’import est en cours d’application';
  const detail =
    t.etat === 'en_attente'
      ? 'En attente de démarrage.'
      : t.total
        ? `${pluriel(t.progression, 'ligne traitée', 'lignes traitées')} sur ${nombre(t.total)}.`
        : t.progression
          ? `${pluriel(t.progression, 'formation lue', 'formations lues')}.`
          : 'Lecture du fichier.';
  return (
    <div class="fr-callout fr-mb-3w">
      <h2 class="fr-callout__title">{quoi}</h2>
      <p class="fr-callout__text">
        {detail} Un gros fichier peut prendre quelques minutes ; vous pouvez quitter cette page et revenir
        plus tard, le travail continue.
      </p>
      {t.total ? (
        <p>
          <label for="progression">Avancement</label>{' '}
          <progress id="progression" max={t.total} value={t.progression}>
            {Math.round((100 * t.progression) / t.total)} %
          </progress>
        </p>
      ) : null}
      <a class="fr-btn fr-icon-refresh-line fr-btn--icon-left" href={`${base}/${t.id}`}>
        Actualiser
      </a>
    </div>
  );
}

function Resultat({ t, base }: { t: ImportTacheResume; base: BaseImports }) {
  const apercu = t.etape === 'apercu';
  const comptes = comptesApercu(t);
  const { erreurs, applicables } = comptes;
  const rien = applicables === 0;
  const unite = t.format === 'classeur' ? 'ligne' : 'formation';
  // Where the errors are written: the annotated workbook when there is one, else the page's list.
  const ou =
    t.format === 'classeur'
      ? t.a_classeur_annote
        ? 'dans le classeur annoté (lien « Télécharger le classeur annoté » ci-dessous, colonne « Erreurs »)'
        : 'dans le classeur (message de chaque ligne dans la liste ci-dessous)'
      : t.a_rapport_complet
        ? 'dans le fichier (motif de chaque formation dans la liste ci-dessous et dans le rapport complet)'
        : 'dans le fichier (motif de chaque formation dans la liste ci-dessous)';
  // A preview's formations updated that would leave the Catalogue général (imports/apercu-regles.ts).
  const regles = apercu
    ? (t.rapport as Pick<
        LheoImportReport | RapportClasseur,
        'non_diffusables' | 'creees_non_diffusables'
      > | null)
    : null;
  const nonDiffusables = regles?.non_diffusables ?? 0;
  // A preview's formations created that would be Non réglementaire (absent from older previews).
  const creeesNonDiffusables = regles?.creees_non_diffusables ?? 0;
  const alerte = !apercu
    ? 'fr-alert--success'
    : erreurs > 0 || nonDiffusables > 0 || creeesNonDiffusables > 0
      ? 'fr-alert--warning'
      : 'fr-alert--info';
  return (
    <>
      <div class={`fr-alert ${alerte} fr-mb-3w`}>
        <h2 class="fr-alert__title">
          {apercu ? 'Aperçu : rien n’est encore enregistré' : 'Import appliqué'}
        </h2>
        <p>{resume(t)}.</p>
        {nonDiffusables > 0 && <p>{phraseNonDiffusables(nonDiffusables, unite)}</p>}
        {creeesNonDiffusables > 0 && <p>{phraseCreeesNonDiffusables(creeesNonDiffusables, unite)}</p>}
        {apercu && erreurs > 0 && <p>{conseilApercu(comptes, unite, ou)}</p>}
        {!apercu && erreurs > 0 && <p>{conseilApplique(comptes, unite, ou)}</p>}
        {apercu && !rien && (
          <p>
            {t.format === 'classeur'
              ? '« Appliquer » enregistre les lignes valides ; les lignes en erreur ne sont pas prises en compte. Si une ligne valide était refusée à l’enregistrement, aucune ligne ne serait appliquée.'
              : '« Appliquer » enregistre les formations valides ; les formations refusées ne sont pas prises en compte.'}
          </p>
        )}
        {apercu &&
          t.format === 'classeur' &&
          (t.rapport as RapportClasseur).lignes.some((l) => l.a_valider) && (
            <p>
              Les lignes « Modification à valider » et « Fermeture à valider » portent sur des formations
              publiées : une fois l’import appliqué, leurs changements seront soumis à la validation d’un
              gestionnaire, et la version diffusée restera en ligne jusque-là.
            </p>
          )}
      </div>
      {!apercu && t.format === 'classeur' && (t.rapport as RapportClasseur).apercu_recalcule && (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" role="status">
          <p>{messageApercuRecalcule((t.rapport as RapportClasseur).apercu_recalcule!.lignes)}</p>
        </div>
      )}
      {t.format === 'classeur' && (t.rapport as RapportClasseur).fichier?.deja_importe_le && (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
          <p>
            Ce fichier a déjà été appliqué le{' '}
            {dateHeure((t.rapport as RapportClasseur).fichier!.deja_importe_le!)} : l’appliquer à nouveau ne
            change que ce qui a changé depuis.
          </p>
        </div>
      )}
      {apercu && !rien && (
        <Formulaire action={`${base}/${t.id}/appliquer`}>
          <Boutons>
            <button class="fr-btn" type="submit">
              Appliquer l’import
            </button>
            {/* Leaving changes nothing: the preview stays in the list, to apply later (a fresh user read
                « Abandonner » as discarding it). */}
            <a class="fr-btn fr-btn--secondary" href={base}>
              Revenir aux imports sans appliquer
            </a>
          </Boutons>
        </Formulaire>
      )}
      {t.a_classeur_annote && (
        <p class="fr-mt-3w">
          <a
            class="fr-link fr-icon-download-line fr-link--icon-left"
            href={`${base}/${t.id}/classeur-annote.xlsx`}
            download
          >
            Télécharger le classeur annoté (colonne « Erreurs »)
          </a>
        </p>
      )}
      {t.format === 'classeur' ? (
        <LignesClasseur rapport={t.rapport as RapportClasseur} base={base} />
      ) : (
        <RapportLheo t={t} base={base} rapport={t.rapport as LheoImportReport} />
      )}
    </>
  );
}

function detailLigne(l: LigneRapport) {
  const remarques = [...l.erreurs, ...l.avertissements];
  // A row adding a session: that session, not its place and dates as « changed » columns.
  const ajout = l.verdict === 'modifiee' ? l.session_ajoutee : undefined;
  const modifiees = ajout ? l.champs.filter((c) => !enteteDeSession(c)) : l.champs;
  return (
    <>
      {ajout && <p class="fr-mb-1v">{phraseSessionAjoutee(ajout, l.intitule)}</p>}
      {modifiees.length > 0 && l.verdict === 'modifiee' && (
        <p class="fr-mb-1v">Colonnes modifiées : {modifiees.map(enteteDe).join(', ')}</p>
      )}
      {remarques.length > 0 && (
        <ul class="fr-mb-0">
          {remarques.map((r, i) => {
            const erreur = l.erreurs.includes(r);
            return (
              <li key={i}>
                {erreur ? '' : 'Avertissement : '}
                {r.message}
                {r.code && <CodeDeLErreur code={r.code} avertissement={!erreur} />}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/**
 * A row's reference: the workbook's, else the formation the applied row created (its new id,
 * linked to its page in the space the import was made from), or the one an earlier sending of
 * the row created (formation_existante: a new row sent again).
 */
function ReferenceLigne({ l, base }: { l: LigneRapport; base: BaseImports }) {
  // « formation/session » references are long unbroken words: a break allowed after each « / »
  // and « _ », or the column took most of the table (fresh user, 06/12).
  if (l.reference)
    return (
      <>
        {l.reference.split(/(?<=[/_])/).map((morceau, i) => (
          <Fragment key={i}>
            {i > 0 && <wbr />}
            {morceau}
          </Fragment>
        ))}
      </>
    );
  const id = l.formation_creee ?? l.formation_existante;
  if (!id) return <>—</>;
  const espace = base === '/gestion/imports' ? '/gestion/formations' : '/espace/formations';
  return (
    <>
      <a href={`${espace}/${encodeURIComponent(id)}`}>{id}</a>{' '}
      {l.formation_creee ? '(créée par l’import)' : '(créée par un envoi précédent)'}
    </>
  );
}

function LignesClasseur({ rapport, base }: { rapport: RapportClasseur; base: BaseImports }) {
  const listees = rapport.lignes.filter((l) => l.verdict !== 'inchangee' || l.avertissements.length > 0);
  const montrees = listees.slice(0, LIGNES_MAX);
  const inchangees = rapport.lignes.length - listees.length;
  // A preview's blocking rules of the formations updated (imports/apercu-regles.ts), as LHEO's.
  const avecRegles = montrees.some((l) => l.regles);
  return (
    <>
      <h2 class="fr-mt-4w">Ligne par ligne</h2>
      {inchangees > 0 && (
        <p>
          {pluriel(inchangees, 'ligne inchangée n’est pas listée', 'lignes inchangées ne sont pas listées')}.
        </p>
      )}
      {listees.length > LIGNES_MAX && (
        <p>
          Seules les {LIGNES_MAX} premières lignes sont listées ici : le classeur annoté les contient toutes.
        </p>
      )}
      {montrees.length > 0 && (
        // The design system's table with its scrolling box (espace/liste.page.tsx), its cells wrapped
        // (multiline): on a small screen the table scrolls in its box, which the keyboard reaches.
        <TableDefilante nom="Résultat de chaque ligne" classes="fr-table--no-caption fr-table--multiline">
          <caption>Résultat de chaque ligne de la feuille « {FEUILLE_OFFRE} »</caption>
          <thead>
            <tr>
              <th scope="col">Feuille, ligne</th>
              <th scope="col">Formation</th>
              <th scope="col">Référence</th>
              <th scope="col">Résultat</th>
              <th scope="col">Détail</th>
              {avecRegles && <th scope="col">Règles bloquantes (conformité)</th>}
            </tr>
          </thead>
          <tbody>
            {montrees.map((l) => (
              <tr key={l.ligne} id={`ligne-${l.ligne}`}>
                <td>
                  {FEUILLE_OFFRE}, ligne {l.ligne}
                </td>
                <td>{l.intitule ?? '—'}</td>
                <td>
                  <ReferenceLigne l={l} base={base} />
                </td>
                <td>
                  <p class={`fr-badge fr-badge--sm ${resultatDe(l).badge}`}>{resultatDe(l).libelle}</p>
                  {/* A row in error creates nothing: its rules are said, not « ne serait pas diffusable ». */}
                  <BadgeNonDiffusable regles={l.verdict === 'erreur' ? undefined : l.regles} />
                </td>
                <td>{detailLigne(l)}</td>
                {avecRegles && (
                  <td>
                    <ReglesModifiees regles={l.regles} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </TableDefilante>
      )}
    </>
  );
}

/** Refusals listed on the page at most; the full report (CSV) has them all. */
const REJETS_MAX = 100;
/** Fields listed per modified formation at most (the report keeps 20). */
const CHAMPS_PAGE = 10;

const autres = (n: number, un: string, plusieurs: string) =>
  n > 0 ? `… et ${pluriel(n, un, plusieurs)}` : null;

/** The sessions the changes name, by their dates (the report's `session`): « Session du … : début ». */
const nomsDe = (changements: readonly ChangementRapporte[]): NomsSessions =>
  new Map(
    changements.flatMap((c) => {
      const id = /^sessions\[([^\]]+)\]/.exec(c.champ)?.[1];
      return id && c.session ? [[id, c.session] as const] : [];
    }),
  );

function nomFormation(f: FormationNommee) {
  return `${f.numero ? `n° ${f.numero}` : 'sans numéro'}${f.intitule ? ` – ${f.intitule}` : ''} (ligne ${f.ligne})`;
}

function RapportLheo({
  t,
  base,
  rapport,
}: {
  t: ImportTacheResume;
  base: BaseImports;
  rapport: LheoImportReport;
}) {
  const f = rapport.formations;
  const creees = rapport.creees ?? [];
  const modifiees = rapport.modifiees ?? [];
  const rejets = rapport.rejets.slice(0, REJETS_MAX);
  const rejetsTotal = rapport.rejets_total ?? rapport.rejets.length;
  // Absent from the reports stored before it was counted.
  const revisionsGardees = rapport.revisions_gardees ?? 0;
  const apercu = t.etape === 'apercu';
  // The preview's blocking rules per formation (absent from applied imports and older previews).
  const avecRegles = modifiees.some((m) => m.regles);
  const creeesAvecRegles = creees.some((c) => c.regles);
  const lien = t.a_rapport_complet && (
    <p class="fr-mt-3w">
      <a
        class="fr-link fr-icon-download-line fr-link--icon-left"
        href={`${base}/${t.id}/rapport.csv`}
        download
      >
        Télécharger le rapport complet (CSV) : chaque formation, chaque champ modifié, chaque refus, chaque
        avertissement{apercu ? ', chaque règle bloquante introduite ou levée' : ''}
      </a>
    </p>
  );
  const complet = t.a_rapport_complet ? ' : le rapport complet (CSV) les liste tous' : '';
  return (
    <>
      <TableDefilante nom="Résultat formation par formation">
        <caption>
          {apercu ? 'Ce que l’import ferait' : 'Ce que l’import a fait'}, formation par formation
        </caption>
        <thead>
          <tr>
            <th scope="col">Créées</th>
            <th scope="col">Modifiées</th>
            <th scope="col">Inchangées</th>
            <th scope="col">Refusées</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{nombre(f.creees)}</td>
            <td>{nombre(f.mises_a_jour)}</td>
            <td>{nombre(f.inchangees)}</td>
            <td>{nombre(f.rejetees)}</td>
          </tr>
        </tbody>
      </TableDefilante>
      {revisionsGardees > 0 && <p>{phraseRevisionsGardees(revisionsGardees)}</p>}
      {lien}
      {apercu && (
        <ReglesParCode
          comptes={rapport.regles_par_code ?? []}
          phrase={phraseComptesRegles(LISTE_MAX, t.a_rapport_complet)}
        />
      )}
      {f.mises_a_jour > 0 && (
        <>
          <h2 class="fr-mt-4w">Formations modifiées</h2>
          <TableDefilante nom="Formations modifiées et champs qui changent" classes="fr-table--no-caption">
            <caption>Les formations modifiées et leurs champs qui changent</caption>
            <thead>
              <tr>
                <th scope="col">Formation</th>
                <th scope="col">Champs modifiés (avant → après)</th>
                {avecRegles && <th scope="col">Règles bloquantes (conformité)</th>}
              </tr>
            </thead>
            <tbody>
              {modifiees.map((m) => (
                <tr key={m.ligne}>
                  <td>
                    {nomFormation(m)}
                    {m.revision && (
                      <p class="fr-badge fr-badge--sm fr-badge--warning fr-mt-1v">À valider (publiée)</p>
                    )}
                    <BadgeNonDiffusable regles={m.regles} />
                  </td>
                  <td>
                    <ul class="fr-mb-0">
                      {m.changements.slice(0, CHAMPS_PAGE).map((c, i) => (
                        <li key={i}>
                          {c.phrase ??
                            `${nomDuChamp(c.champ, nomsDe(m.changements))} : ${c.avant || 'vide'} → ${c.apres || 'vide'}`}
                        </li>
                      ))}
                      {(m.changements_total ?? m.changements.length) > CHAMPS_PAGE && (
                        <li>
                          {autres(
                            (m.changements_total ?? m.changements.length) - CHAMPS_PAGE,
                            'autre champ',
                            'autres champs',
                          )}
                        </li>
                      )}
                    </ul>
                  </td>
                  {avecRegles && (
                    <td>
                      <ReglesModifiees regles={m.regles} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </TableDefilante>
          {f.mises_a_jour > modifiees.length && (
            <p>
              {autres(
                f.mises_a_jour - modifiees.length,
                'autre formation modifiée',
                'autres formations modifiées',
              )}
              {complet}.
            </p>
          )}
        </>
      )}
      {f.creees > 0 && (
        <>
          <h2 class="fr-mt-4w">Formations créées</h2>
          {creeesAvecRegles ? (
            <TableDefilante nom="Formations créées et règles bloquantes" classes="fr-table--no-caption">
              <caption>Les formations créées et les règles bloquantes qu’elles feraient échouer</caption>
              <thead>
                <tr>
                  <th scope="col">Formation</th>
                  <th scope="col">Règles bloquantes (conformité)</th>
                </tr>
              </thead>
              <tbody>
                {creees.map((c) => (
                  <tr key={c.ligne}>
                    <td>
                      {nomFormation(c)}
                      <BadgeNonDiffusable regles={c.regles} />
                    </td>
                    <td>
                      <ReglesModifiees regles={c.regles} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </TableDefilante>
          ) : (
            <ul>
              {creees.map((c) => (
                <li key={c.ligne}>{nomFormation(c)}</li>
              ))}
            </ul>
          )}
          {f.creees > creees.length && (
            <p>
              {autres(f.creees - creees.length, 'autre formation créée', 'autres formations créées')}
              {complet}.
            </p>
          )}
        </>
      )}
      <SectionElements
        titre="Formations refusées"
        elements={rejets}
        total={rejetsTotal}
        quoi={['Les refus', 'autre refus', 'autres refus']}
        colonne="Motif"
        complet={complet}
      />
      <SectionElements
        titre="Avertissements"
        intro="Ces formations sont acceptées ; vérifiez ce qui est signalé et corrigez le fichier si besoin."
        // Absent from the reports stored before them.
        elements={(rapport.avertissements ?? []).slice(0, REJETS_MAX)}
        total={rapport.avertissements_total ?? 0}
        quoi={['Les avertissements', 'autre avertissement', 'autres avertissements']}
        colonne="Message"
        complet={complet}
      />
    </>
  );
}

/**
 * The elements of the file refused or warned about, each with its place in the file (`quoi`: the
 * table's name and the words of the ones not listed), nothing when there are none.
 */
function SectionElements(p: {
  titre: string;
  intro?: string;
  elements: readonly LheoRejet[];
  total: number;
  quoi: readonly [string, string, string];
  colonne: string;
  complet: string;
}) {
  if (p.total === 0) return null;
  return (
    <>
      <h2 class="fr-mt-4w">{p.titre}</h2>
      {p.intro && <p>{p.intro}</p>}
      <TableDefilante nom="Emplacements dans le fichier" classes="fr-table--no-caption">
        <caption>{p.quoi[0]}, avec leur emplacement dans le fichier</caption>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Numéro</th>
            <th scope="col">Élément</th>
            <th scope="col">Code</th>
            <th scope="col">{p.colonne}</th>
          </tr>
        </thead>
        <tbody>
          {p.elements.map((r, i) => (
            <tr key={i}>
              <td>{r.ligne ?? '—'}</td>
              <td>{r.numero ?? '—'}</td>
              <td>
                <code>{elementDe(r.chemin)}</code>
              </td>
              <td>
                <code>{r.code}</code>
              </td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
      {p.total > p.elements.length && (
        <p>
          {autres(p.total - p.elements.length, p.quoi[1], p.quoi[2])}
          {p.complet}.
        </p>
      )}
    </>
  );
}
