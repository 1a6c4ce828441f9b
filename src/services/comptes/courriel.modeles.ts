import { LIBELLES_ROLES, type Role } from '../../domain/acteur.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { nEstPasDiffusee } from '../../domain/diffusion.ts';
import { capitale, de } from '../../domain/elision.ts';
import { nomRegion } from '../../domain/geo.ts';
import { libelleStatutPlateforme, NOMS_PLATEFORMES, type Plateforme } from '../../domain/plateforme.ts';
import { intituleDe, type MessageRendu, signature } from './courriel.commun.ts';
import { type RetoursPlateforme, retoursPlateforme } from './courriel.retours-plateforme.ts';

// Every e-mail Offre sends, in French, as plain text (read everywhere, nothing to render). Each
// message is also an in-app notification, except where its reader has no account yet
// (invitation) or where the notification must not carry the secret link (password reset).

/**
 * Who decided on a sign-up, as its e-mail says it (never a person's name or address): a
 * gestionnaire of the région the structure is filed under, or the Offre administration (an
 * administrator, the command line).
 */
export type Decideur =
  | { readonly par: 'gestionnaire'; readonly region: string | null }
  | { readonly par: 'administration' };

export type ModeleCourriel =
  | {
      readonly modele: 'compte_approuve';
      readonly structure: string;
      readonly siren: string;
      readonly decideur: Decideur;
    }
  | {
      readonly modele: 'compte_refuse';
      readonly structure: string;
      readonly siren: string;
      readonly motif: string;
      readonly decideur: Decideur;
    }
  | {
      readonly modele: 'inscription_a_examiner';
      readonly structure: string;
      readonly siren: string;
      /** The région chosen on the form. */
      readonly region: string | null;
      /** The régions where the SIREN is, when the chosen one is none of them (else empty). */
      readonly regions?: readonly string[];
      /**
       * Sent to the administrators because the deciding régions (these) have no gestionnaire; absent
       * when sent to the gestionnaires.
       */
      readonly sansGestionnaire?: readonly string[];
    }
  | {
      readonly modele: 'inscription_compte_existant';
      readonly structure: string;
      readonly siren: string;
    }
  | {
      /** Someone signed up for a structure that has an account: its users, who can invite, are told. */
      readonly modele: 'demande_rejoindre_structure';
      readonly structure: string;
      readonly siren: string;
      /** Name and address as typed on the sign-up form (unverified). */
      readonly nom: string;
      readonly email: string;
    }
  | {
      /**
       * Someone signed up for a structure whose sign-up is pending: those who review it are told of
       * the competing claim (the person is not told that a sign-up is pending).
       */
      readonly modele: 'inscription_concurrente';
      readonly structure: string;
      readonly siren: string;
      /** Name and address as typed on the sign-up form (unverified). */
      readonly nom: string;
      readonly email: string;
    }
  | {
      readonly modele: 'invitation';
      readonly structure: string;
      readonly invitePar: string;
      readonly lien: string;
      readonly expireLe: Date;
    }
  | {
      readonly modele: 'invitation_compte_existant';
      readonly structure: string;
      readonly invitePar: string;
      /** The existing account's role: only an organisme account belongs to another structure. */
      readonly role: Role;
    }
  | { readonly modele: 'reinitialisation'; readonly lien: string; readonly expireLe: Date }
  | {
      readonly modele: 'offre_a_corriger';
      readonly formation: { readonly id: string; readonly intitule: string | null };
      readonly commentaire: string;
      /** A published offer's revision was returned: the published version stays diffused. */
      readonly revision?: boolean;
      /**
       * The returned revision's published version is out of diffusion (domain/diffusion.ts
       * publieeHorsDiffusion): whether it ever was diffused (« plus » / « pas », nEstPasDiffusee).
       */
      readonly horsDiffusion?: { readonly dejaDiffusee: boolean };
    }
  | {
      readonly modele: 'decision_plateforme';
      readonly formation: { readonly id: string; readonly intitule: string | null };
      readonly plateforme: Plateforme;
      /** The instructeur's decision (services/plateforme.service.ts decidePlateforme). */
      readonly action: 'publier' | 'non_publier' | 'mettre_en_attente' | 'reprendre';
      /** The offer's status on the platform after it (a code of LIBELLES_STATUTS). */
      readonly statut: string;
      readonly motif: string | null;
      /** Who decided, by role and académie (domain/decision-plateforme.ts phraseDecideur). */
      readonly decideur: string;
    }
  | RetoursPlateforme
  | {
      readonly modele: 'offre_validee';
      /** The validated version's title. */
      readonly formation: { readonly id: string; readonly intitule: string | null };
      /**
       * Validated but out of diffusion because of these blocking rules (« Valider malgré tout », or
       * an offer validated Non réglementaire).
       */
      readonly horsDiffusion?: readonly { readonly code: string; readonly message: string }[];
      /** Whether the offer was ever diffused (« n’est plus diffusée ») or never (« pas »); default true. */
      readonly dejaDiffusee?: boolean;
    };

const heure = (d: Date) => dateHeureLongue(d);

/** « un gestionnaire de la région Bretagne » / « l’administration d’Offre ». */
const decidePar = (d: Decideur) =>
  d.par === 'administration'
    ? 'l’administration d’Offre'
    : `un gestionnaire ${d.region ? `de la région ${nomRegion(d.region)}` : 'régional'}`;

/** The deciding régions without gestionnaire, as the administrators' e-mail says it. */
const sansGestionnaire = (regions: readonly string[]) =>
  `Aucun gestionnaire n’est désigné pour ${regions.length > 1 ? 'les régions' : 'la région'} ${regions.map(nomRegion).join(' ou ')} : l’inscription revient aux administrateurs d’Offre.`;

/** Renders a message; `base` is the site address for absolute links (OFFRE_URL). */
export function renderCourriel(m: ModeleCourriel, base: string): MessageRendu {
  switch (m.modele) {
    case 'compte_approuve':
      return {
        sujet: 'Votre compte Offre est ouvert',
        texte: `Bonjour,\n\nL’inscription ${de(m.structure)} (SIREN ${m.siren}) sur Offre a été validée par ${decidePar(m.decideur)}.\nVous pouvez vous connecter et déclarer votre offre de formation :\n${base}/connexion${signature}`,
        notification: {
          titre: 'Compte validé',
          texte: `L’inscription ${de(m.structure)} a été validée : vous pouvez déclarer votre offre.`,
          lien: '/espace',
        },
      };
    case 'compte_refuse':
      return {
        sujet: 'Votre inscription sur Offre n’a pas été acceptée',
        texte: `Bonjour,\n\nL’inscription ${de(m.structure)} (SIREN ${m.siren}) sur Offre n’a pas été acceptée par ${decidePar(m.decideur)}.\nMotif : ${m.motif}\n\nSi vous pensez qu’il s’agit d’une erreur, contactez votre Carif-Oref ou inscrivez-vous de nouveau avec les bonnes informations :\n${base}/inscription${signature}`,
        notification: null, // the account is removed with the refusal
      };
    case 'inscription_a_examiner':
      return {
        sujet: `Nouvelle inscription à examiner : ${m.structure}`,
        texte: `Bonjour,\n\n${m.structure} (SIREN ${m.siren}) demande un compte sur Offre${m.region ? ` dans la région ${nomRegion(m.region)}` : ''}.${m.regions?.length ? ` Ce SIREN se trouve ${m.regions.length > 1 ? 'dans les régions' : 'dans la région'} ${m.regions.map(nomRegion).join(' ou ')} (établissements actifs selon Sirene, offres, organismes)${m.sansGestionnaire?.length ? '.' : ' : l’inscription revient à ses gestionnaires.'}` : ''}${m.sansGestionnaire?.length ? ` ${sansGestionnaire(m.sansGestionnaire)}` : ''}\nVérifiez les informations Sirene et la liste publique des organismes de formation, puis validez ou refusez l’inscription :\n${base}/gestion/inscriptions${signature}`,
        notification: {
          titre: 'Inscription à examiner',
          texte: `${m.structure} (SIREN ${m.siren}) demande un compte.${m.sansGestionnaire?.length ? ` ${sansGestionnaire(m.sansGestionnaire)}` : ''}`,
          lien: '/gestion/inscriptions',
        },
      };
    case 'inscription_compte_existant':
      return {
        sujet: 'Demande de compte Offre avec votre adresse',
        texte: `Bonjour,\n\nUne demande de compte sur Offre vient d’être faite avec votre adresse, pour ${m.structure} (SIREN ${m.siren}). Votre adresse a déjà un compte Offre : aucun nouveau compte n’a été créé.\nConnectez-vous avec votre compte actuel :\n${base}/connexion\nMot de passe oublié ? Choisissez-en un nouveau :\n${base}/mot-de-passe/oublie\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte reste inchangé.${signature}`,
        notification: {
          titre: 'Demande de compte avec votre adresse',
          texte: `Une demande de compte pour ${m.structure} a été faite avec votre adresse ; aucun compte n’a été créé.`,
          lien: null,
        },
      };
    case 'demande_rejoindre_structure':
      return {
        sujet: `Demande pour rejoindre ${m.structure} sur Offre`,
        texte: `Bonjour,\n\nUne personne a demandé un compte sur Offre pour ${m.structure} (SIREN ${m.siren}), qui en a déjà un. Elle a indiqué s’appeler ${m.nom}, avec l’adresse ${m.email} (adresse non vérifiée). Aucun compte n’a été créé et elle n’a pas été prévenue que votre structure a un compte.\nSi vous la connaissez et qu’elle doit déclarer l’offre de ${m.structure}, invitez-la depuis votre compte (« Inviter un collègue ») :\n${base}/compte\n\nSinon, ignorez ce message.${signature}`,
        notification: {
          titre: `Demande pour rejoindre ${m.structure}`,
          texte: `${m.nom} (${m.email}) a demandé un compte pour ${m.structure} ; invitez cette personne si vous la connaissez.`,
          lien: '/compte',
        },
      };
    case 'inscription_concurrente':
      return {
        sujet: `Autre demande d’inscription pour ${m.structure}`,
        texte: `Bonjour,\n\nUne autre personne vient de demander un compte sur Offre pour ${m.structure} (SIREN ${m.siren}), dont l’inscription attend d’être examinée. Elle a indiqué s’appeler ${m.nom}, avec l’adresse ${m.email} (adresse non vérifiée). Aucun compte n’a été créé pour elle et elle n’a pas été prévenue qu’une inscription de cette structure est en attente.\nAvant de décider, vérifiez qui représente la structure : deux personnes la réclament. Une fois l’inscription validée, ses utilisateurs pourront inviter cette personne (« Inviter un collègue »).\n${base}/gestion/inscriptions${signature}`,
        notification: {
          titre: 'Autre demande d’inscription',
          texte: `${m.nom} (${m.email}) a aussi demandé un compte pour ${m.structure} (SIREN ${m.siren}), dont l’inscription est en attente.`,
          lien: '/gestion/inscriptions',
        },
      };
    case 'invitation':
      return {
        sujet: `Invitation à rejoindre ${m.structure} sur Offre`,
        texte: `Bonjour,\n\n${m.invitePar} vous invite à rejoindre ${m.structure} sur Offre, la plateforme de déclaration de l’offre de formation.\nChoisissez votre mot de passe avec ce lien, utilisable une seule fois jusqu’au ${heure(m.expireLe)} :\n${m.lien}\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.${signature}`,
        notification: null, // the invitee has no account yet
      };
    case 'invitation_compte_existant':
      if (m.role !== 'organisme')
        // A gestionnaire's, an administrator's… account has no structure and cannot join one.
        return {
          sujet: `Invitation à rejoindre ${m.structure} sur Offre`,
          texte: `Bonjour,\n\n${m.invitePar} vous invite à rejoindre ${m.structure} sur Offre, mais votre adresse a déjà un compte Offre, de rôle « ${LIBELLES_ROLES[m.role]} » : un tel compte ne peut pas déclarer l’offre d’un organisme de formation. Aucun lien d’invitation n’a été envoyé et votre compte reste inchangé.\nSi vous devez aussi déclarer l’offre de ${m.structure}, demandez-lui de vous inviter avec une autre adresse.\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.${signature}`,
          notification: {
            titre: `Invitation ${de(m.structure)}`,
            texte: `${m.invitePar} vous invite à rejoindre ${m.structure} ; votre compte (${LIBELLES_ROLES[m.role]}) ne peut pas déclarer l’offre d’un organisme.`,
            lien: null,
          },
        };
      return {
        sujet: `Invitation à rejoindre ${m.structure} sur Offre`,
        texte: `Bonjour,\n\n${m.invitePar} vous invite à rejoindre ${m.structure} sur Offre, mais votre adresse a déjà un compte Offre, rattaché à une autre structure : un compte ne peut appartenir qu’à une structure.\nConnectez-vous avec votre compte actuel (${base}/connexion), ou demandez à ${m.structure} de vous inviter avec une autre adresse, ou au gestionnaire de votre région de rattacher votre compte.\n\nSi vous n’attendiez pas cette invitation, ignorez ce message.${signature}`,
        notification: {
          titre: `Invitation ${de(m.structure)}`,
          texte: `${m.invitePar} vous invite à rejoindre ${m.structure} ; votre compte appartient déjà à une autre structure.`,
          lien: null,
        },
      };
    case 'reinitialisation':
      return {
        sujet: 'Réinitialisation de votre mot de passe Offre',
        texte: `Bonjour,\n\nUne réinitialisation du mot de passe de votre compte Offre a été demandée.\nChoisissez un nouveau mot de passe avec ce lien, utilisable une seule fois jusqu’au ${heure(m.expireLe)} :\n${m.lien}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.${signature}`,
        notification: {
          titre: 'Réinitialisation du mot de passe demandée',
          texte:
            'Un lien de réinitialisation a été envoyé à votre adresse. Si vous ne l’avez pas demandé, changez votre mot de passe.',
          lien: '/compte',
        },
      };
    case 'offre_a_corriger':
      if (m.revision)
        return {
          sujet: `Révision à corriger : ${intituleDe(m.formation)}`,
          texte: `Bonjour,\n\nLe gestionnaire a retourné pour correction votre révision de la formation « ${intituleDe(m.formation)} ».\nSon commentaire :\n${m.commentaire}\n\nLa version publiée de la formation ${m.horsDiffusion ? `${nEstPasDiffusee(m.horsDiffusion.dejaDiffusee)} (une règle bloquante est en échec) ; elle le sera quand une révision sans règle bloquante en échec aura été validée` : 'reste diffusée telle qu’elle a été validée'}. Corrigez la révision, puis soumettez-la de nouveau à validation (bouton « Enregistrer et envoyer pour validation » de sa page) :\n${base}/espace/formations/${m.formation.id}${signature}`,
          notification: {
            titre: 'Révision à corriger',
            texte: `« ${intituleDe(m.formation)} » : ${m.commentaire} (la version publiée ${m.horsDiffusion ? nEstPasDiffusee(m.horsDiffusion.dejaDiffusee) : 'reste diffusée'} ; corrigez la révision puis « Enregistrer et envoyer pour validation »)`,
            lien: `/espace/formations/${m.formation.id}`,
          },
        };
      return {
        sujet: `Offre à corriger : ${intituleDe(m.formation)}`,
        texte: `Bonjour,\n\nLe gestionnaire a retourné la formation « ${intituleDe(m.formation)} » pour correction.\nSon commentaire :\n${m.commentaire}\n\nCorrigez-la puis publiez-la de nouveau :\n${base}/espace/formations/${m.formation.id}${signature}`,
        notification: {
          titre: 'Formation à corriger',
          texte: `« ${intituleDe(m.formation)} » : ${m.commentaire}`,
          lien: `/espace/formations/${m.formation.id}`,
        },
      };
    case 'decision_plateforme': {
      const nom = NOMS_PLATEFORMES[m.plateforme];
      const intitule = intituleDe(m.formation);
      const statut = libelleStatutPlateforme(m.statut);
      const lien = `/espace/formations/${m.formation.id}#plateformes`;
      const qui = capitale(m.decideur);
      const motif = m.motif ? `\nMotif : ${m.motif}\n` : '';
      const [sujet, decision, suite] = {
        non_publier: [
          `Offre non publiée sur ${nom}`,
          `a décidé de ne pas publier la formation « ${intitule} » sur ${nom}.`,
          `Si le motif appelle une correction, modifiez la formation : votre modification sera soumise à validation, puis l’instructeur pourra revoir sa décision.`,
        ],
        mettre_en_attente: [
          `Offre en attente de mise à jour pour ${nom}`,
          `a mis la formation « ${intitule} » en attente de mise à jour pour ${nom} : elle n’y est pas transmise tant que la décision n’est pas levée.`,
          `Mettez-la à jour : votre modification sera soumise à validation, puis l’instructeur pourra lever sa décision.`,
        ],
        publier: [
          `Offre prête pour ${nom}`,
          `a décidé de publier la formation « ${intitule} » sur ${nom} : elle est « Prêt pour intégration » et sera transmise au prochain passage de ${nom}.`,
          '',
        ],
        reprendre: [
          `Décision ${nom} levée`,
          `a levé sa décision sur la formation « ${intitule} » pour ${nom} : son statut y est maintenant « ${statut} ».`,
          '',
        ],
      }[m.action];
      return {
        sujet: `${sujet} : ${intitule}`,
        texte: `Bonjour,\n\n${qui} ${decision}\n${motif}${suite ? `\n${suite}\n` : ''}\nLe statut de la formation sur Parcoursup et Affelnet, et l’historique de chaque décision :\n${base}${lien}${signature}`,
        notification: {
          titre: `${nom} : ${statut}`,
          texte: `« ${intitule} » : ${statut}, décision ${de(m.decideur)}${m.motif ? `. Motif : ${m.motif}` : ''}`,
          lien,
        },
      };
    }
    case 'retours_plateforme':
      return retoursPlateforme(m, base);
    case 'offre_validee': {
      const regles = m.horsDiffusion ?? [];
      const lien = `/espace/formations/${m.formation.id}`;
      if (regles.length)
        return {
          sujet: `Offre validée, hors diffusion : ${intituleDe(m.formation)}`,
          texte: `Bonjour,\n\nLa formation « ${intituleDe(m.formation)} » a été validée, mais elle est « Publiée — hors diffusion » : ${regles.length > 1 ? 'ces règles bloquantes sont en échec' : 'cette règle bloquante est en échec'}, elle ${nEstPasDiffusee(m.dejaDiffusee ?? true)} (API, recherche publique, exports, plateformes) tant que vous ne les corrigez pas :\n${regles.map((r) => `- ${r.code} : ${r.message}`).join('\n')}\n\nCorrigez-la : votre modification sera de nouveau soumise à validation.\n${base}${lien}${signature}`,
          notification: {
            titre: 'Formation validée, hors diffusion',
            texte: `« ${intituleDe(m.formation)} » a été validée mais ${nEstPasDiffusee(m.dejaDiffusee ?? true)} (Publiée — hors diffusion) : corrigez ${[...new Set(regles.map((r) => r.code))].join(', ')}.`,
            lien,
          },
        };
      return {
        sujet: `Offre validée : ${intituleDe(m.formation)}`,
        texte: `Bonjour,\n\nLa formation « ${intituleDe(m.formation)} » a été validée : elle est diffusée dès qu’elle satisfait les contrôles de conformité.\n${base}${lien}${signature}`,
        notification: {
          titre: 'Formation validée',
          texte: `« ${intituleDe(m.formation)} » a été validée.`,
          lien,
        },
      };
    }
  }
}
