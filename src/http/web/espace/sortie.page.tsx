import type { Retrait } from '../../../domain/sortie-espace.ts';
import { retraitPropose } from '../../../domain/sortie-espace.ts';
import type { FicheEspace } from '../../../services/espace.service.ts';
import { CsrfInput } from '../form/champs.tsx';
import { FilAriane, Layout } from '../layout.tsx';
import { ChampVersion, type RefusVersion } from './version.tsx';

// « Archiver » and « Supprimer le brouillon » (docs/espace.md): a section of the formation's page
// whose button is a link to a confirmation page, which posts (CSRF) — no JavaScript needed.

const adresse = (id: string, retrait: Retrait) => `/espace/formations/${encodeURIComponent(id)}/${retrait}`;

/** The section of the formation's page that offers the one that fits its statut (none: nothing). */
export function SectionRetrait({ fiche }: { fiche: FicheEspace }) {
  const retrait = retraitPropose(fiche.statut, fiche.validee);
  if (!retrait) return null;
  return (
    <section class="fr-mt-6w" aria-labelledby="retrait">
      <h2 id="retrait">{retrait === 'supprimer' ? 'Supprimer le brouillon' : 'Archiver'}</h2>
      <p>
        {retrait === 'supprimer'
          ? 'Ce brouillon n’a jamais été publié : s’il ne sert plus, supprimez-le. Une page vous demande de confirmer.'
          : 'Une offre qui n’a plus lieu d’être (formation fermée, doublon d’une autre) s’archive : elle n’est plus diffusée et ne se modifie plus, mais reste dans votre espace, d’où vous pourrez la republier. Une page vous demande de confirmer.'}
      </p>
      <a class="fr-btn fr-btn--secondary" href={adresse(fiche.id, retrait)}>
        {retrait === 'supprimer' ? 'Supprimer le brouillon' : 'Archiver'}
      </a>
    </section>
  );
}

/**
 * /espace/formations/{id}/archiver and …/supprimer: what will happen, « Confirmer » or « Annuler ».
 * `refus`: the confirmation of a page opened on another version (the offer changed since: a
 * revision proposed, which archiving abandons), said above the confirmation as it now stands.
 */
export function RetraitPage({
  fiche,
  retrait,
  refus,
}: {
  fiche: FicheEspace;
  retrait: Retrait;
  refus?: RefusVersion;
}) {
  const intitule = fiche.saisie.intitule?.trim() || 'Formation sans intitulé';
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  const titre =
    retrait === 'supprimer' ? `Supprimer le brouillon « ${intitule} » ?` : `Archiver « ${intitule} » ?`;
  return (
    <Layout titre={titre}>
      <FilAriane
        liens={[
          { libelle: 'Mon espace', href: '/espace' },
          { libelle: intitule, href: base },
          {
            libelle: retrait === 'supprimer' ? 'Supprimer le brouillon' : 'Archiver',
            href: adresse(fiche.id, retrait),
          },
        ]}
      />
      <h1>{titre}</h1>
      {refus && (
        <div class="fr-alert fr-alert--error fr-mb-4w" id="conflit">
          <h2 class="fr-alert__title">{refus.titre}</h2>
          <p>{refus.message}</p>
          <p>La confirmation ci-dessous dit ce qui se passera maintenant : relisez-la avant de confirmer.</p>
        </div>
      )}
      {retrait === 'supprimer' ? (
        <p>
          Ce brouillon n’a jamais été publié. Supprimé, il ne se modifie plus : vous le retrouverez dans
          l’onglet « Supprimées » de votre espace, et seul un gestionnaire de votre région pourra le
          restaurer.
        </p>
      ) : (
        <>
          <p>
            {fiche.statut === 'publiee'
              ? 'Cette offre ne sera plus diffusée : ni sur le site public, ni par l’API, ni dans les exports.'
              : 'Cette offre ne sera pas publiée : sa demande de validation est retirée.'}{' '}
            Ses sessions encore ouvertes au recrutement seront fermées
            {fiche.revision ? ', et la révision en cours abandonnée' : ''}. Elle ne se modifiera plus.
          </p>
          <p>
            Vous la retrouverez dans l’onglet « Archivées » de votre espace. Pour la faire revivre, publiez-la
            de nouveau depuis sa page : elle repassera en validation.
          </p>
        </>
      )}
      <form method="post" action={adresse(fiche.id, retrait)}>
        <CsrfInput />
        {/* The statut confirmed: if the offer changes meanwhile, nothing is done (the page says why). */}
        <input type="hidden" name="statut" value={fiche.statut} />
        {/* The version confirmed (version.tsx): any change meanwhile (a revision proposed) is said first. */}
        <ChampVersion version={fiche.version} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Confirmer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={base}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>
  );
}
