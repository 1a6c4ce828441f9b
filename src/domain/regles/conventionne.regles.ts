import { dateFr, echec, nonApplicable, passe } from './resultat.ts';
import type { FormationAControler, ResultatControle, SessionAControler } from './types.ts';

// Rules on publicly financed ("conventionné") sessions (docs/regles.md § Sessions conventionnées).

const CONVENTIONNES = new Set(['region', 'france_travail', 'agefiph']);
/** Days allowed between the market notification and the entry of the session. */
export const DELAIS_SAISIE: Readonly<Record<string, number>> = { region: 10, agefiph: 10, france_travail: 6 };
const NOMS: Readonly<Record<string, string>> = {
  region: 'la Région',
  agefiph: 'l’Agefiph',
  france_travail: 'France Travail',
};

const joursEntre = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

function parSession(
  f: FormationAControler,
  code: string,
  sev: 'bloquant' | 'alerte',
  concerne: (s: SessionAControler) => boolean,
  pourquoiNon: string,
  controle: (s: SessionAControler, i: number) => ResultatControle | null,
  ok: string,
): ResultatControle[] {
  const visees = f.sessions.map((s, i) => ({ s, i })).filter(({ s }) => concerne(s));
  if (visees.length === 0) return [nonApplicable(code, sev, 'sessions', pourquoiNon)];
  const echecs = visees.map(({ s, i }) => controle(s, i)).filter((r): r is ResultatControle => r !== null);
  return echecs.length ? echecs : [passe(code, sev, 'sessions', ok)];
}

export function reglesConventionne(f: FormationAControler): ResultatControle[] {
  return [
    ...parSession(
      f,
      'CONV_MARCHE',
      'bloquant',
      (s) => s.financeur === 'region',
      'Aucune session financée par la Région.',
      (s, i) =>
        s.numero_marche && /^[A-Z]\d{7}$/.test(s.numero_marche.trim())
          ? null
          : echec(
              'CONV_MARCHE',
              'bloquant',
              `sessions[${i}].numero_marche`,
              `La session ${i + 1}, financée par la Région, ${s.numero_marche ? `a un numéro de marché « ${s.numero_marche} » invalide` : 'n’a pas de numéro de marché'} : indiquez les 8 caractères du marché (une lettre puis 7 chiffres, ex. M1451401).`,
            ),
      'Numéros de marché des sessions financées par la Région valides.',
    ),
    ...parSession(
      f,
      'CONV_CONTACT',
      'bloquant',
      (s) => !!s.financeur && CONVENTIONNES.has(s.financeur),
      'Aucune session conventionnée.',
      (s, i) =>
        s.contact?.nom && (s.contact.telephone || s.contact.courriel)
          ? null
          : echec(
              'CONV_CONTACT',
              'bloquant',
              `sessions[${i}].contact`,
              `La session conventionnée ${i + 1} n’a pas de contact complet : indiquez le nom et le téléphone ou le courriel de la personne à joindre.`,
            ),
      'Chaque session conventionnée a un contact.',
    ),
    ...parSession(
      f,
      'CONV_DELAI',
      'alerte',
      (s) => !!s.financeur && s.financeur in DELAIS_SAISIE && !!s.date_notification_marche,
      'Aucune session conventionnée avec une date de notification de marché.',
      (s, i) => {
        const delai = DELAIS_SAISIE[s.financeur!]!;
        const jours = joursEntre(s.date_notification_marche!, s.saisie_le);
        return jours <= delai
          ? null
          : echec(
              'CONV_DELAI',
              'alerte',
              `sessions[${i}]`,
              `La session ${i + 1} a été saisie le ${dateFr(s.saisie_le)}, ${jours} jours après la notification du marché (${dateFr(s.date_notification_marche)}) : ${NOMS[s.financeur!]} demande une saisie sous ${delai} jours. Saisissez les prochaines sessions plus tôt.`,
            );
      },
      'Sessions conventionnées saisies dans les délais.',
    ),
  ];
}

export const CODES_CONVENTIONNE = ['CONV_MARCHE', 'CONV_CONTACT', 'CONV_DELAI'] as const;
