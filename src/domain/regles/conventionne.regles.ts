import { jourIsoLong, jourLong } from '../dates.ts';
import { financeurDeLAction, financeursPublics } from '../financement.ts';
import { financeurDansLaPhrase } from '../libelles.ts';
import { FORMAT_NUMERO_MARCHE } from '../marche.ts';
import { type MarcheFact, normalizeNumeroMarche } from '../referentiel.ts';
import { echec, nonApplicable, passe, preuve } from './resultat.ts';
import type { ContexteControle, FormationAControler, ResultatControle, SessionAControler } from './types.ts';

// Rules on publicly financed ("conventionné") sessions (docs/regles.md § Sessions conventionnées).
// A session's funders are financeursPublics' (its own financeur, else the action's): the sessions
// the public page calls financed are exactly the ones checked here.

/** Days allowed between the market notification and the entry of the session. */
export const DELAIS_SAISIE: Readonly<Record<string, number>> = { region: 10, agefiph: 10, france_travail: 6 };

const joursEntre = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The strictest entry deadline among a session's public funders, with its funder; null when none has one. */
function delaiDe(f: FormationAControler, s: SessionAControler): { financeur: string; delai: number } | null {
  const avecDelai = financeursPublics(f, s).filter((x) => x in DELAIS_SAISIE);
  if (avecDelai.length === 0) return null;
  const financeur = avecDelai.reduce((a, b) => (DELAIS_SAISIE[b]! < DELAIS_SAISIE[a]! ? b : a));
  return { financeur, delai: DELAIS_SAISIE[financeur]! };
}

function parSession(
  f: FormationAControler,
  code: string,
  concerne: (s: SessionAControler) => boolean,
  pourquoiNon: string,
  controle: (s: SessionAControler, i: number) => ResultatControle | null,
  ok: string,
): ResultatControle[] {
  const visees = f.sessions.map((s, i) => ({ s, i })).filter(({ s }) => concerne(s));
  if (visees.length === 0) return [nonApplicable(code, 'sessions', pourquoiNon)];
  const echecs = visees.map(({ s, i }) => controle(s, i)).filter((r): r is ResultatControle => r !== null);
  return echecs.length ? echecs : [passe(code, 'sessions', ok)];
}

/**
 * The funder whose list of markets judges a session's number: the first of its public funders whose
 * list is loaded and has the number, else the first whose list is loaded; null when none is loaded.
 */
function financeurListe(f: FormationAControler, s: SessionAControler, ctx: ContexteControle): string | null {
  const charges = financeursPublics(f, s).filter((x) => ctx.faits.marches.has(x));
  if (!s.numero_marche) return charges[0] ?? null;
  const numero = normalizeNumeroMarche(s.numero_marche);
  return charges.find((x) => ctx.faits.marches.get(x)!.parNumero.has(numero)) ?? charges[0] ?? null;
}

/** The funder's market a session names, when that funder's list is loaded and has it. */
function marcheDe(f: FormationAControler, s: SessionAControler, ctx: ContexteControle): MarcheFact | null {
  const financeur = financeurListe(f, s, ctx);
  if (!financeur || !s.numero_marche) return null;
  return ctx.faits.marches.get(financeur)?.parNumero.get(normalizeNumeroMarche(s.numero_marche)) ?? null;
}

/**
 * « financée par la Région », and where that comes from when the session names no financeur of its
 * own (the action's): the organisation then knows which sessions to complete.
 */
function financeePar(f: FormationAControler, s: SessionAControler, codes = financeursPublics(f, s)): string {
  const qui = codes.map(financeurDansLaPhrase).join(' et ');
  return financeurDeLAction(f, s)
    ? `financée par ${qui} (financeur de l’action : la session n’indique pas le sien)`
    : `financée par ${qui}`;
}

/**
 * CONV_MARCHE_INCONNU: a session's market number must be on its funder's list, and the session's
 * dates within the market's. Only for financeurs whose list has been imported (`offre referentiel
 * import marches`); sessions without a number are CONV_MARCHE's.
 */
function marcheInconnu(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const code = 'CONV_MARCHE_INCONNU';
  const numerotees = f.sessions.filter(
    (s) => financeursPublics(f, s).length > 0 && !!s.numero_marche?.trim(),
  );
  if (numerotees.length > 0 && !numerotees.some((s) => financeurListe(f, s, ctx)))
    return [
      nonApplicable(
        code,
        'sessions',
        `Contrôle non effectué : aucune liste de marchés chargée pour ${[...new Set(numerotees.flatMap((s) => financeursPublics(f, s).map(financeurDansLaPhrase)))].join(', ')} (importez-la avec « offre referentiel import marches <fichier> »).`,
      ),
    ];
  return parSession(
    f,
    code,
    (s) => numerotees.includes(s) && !!financeurListe(f, s, ctx),
    'Aucune session conventionnée avec un numéro de marché.',
    (s, i) => {
      const financeur = financeurListe(f, s, ctx)!;
      const liste = ctx.faits.marches.get(financeur)!;
      const numero = normalizeNumeroMarche(s.numero_marche!);
      const m = liste.parNumero.get(numero);
      const nomListe = `la liste des marchés de ${financeurDansLaPhrase(financeur)} (${liste.provenance.fichier}, importée le ${jourLong(liste.provenance.importe_le)})`;
      if (!m)
        return echec(
          code,
          `sessions[${i}].numero_marche`,
          `La session ${i + 1} porte le numéro de marché « ${numero} », absent de ${nomListe} : corrigez le numéro ou demandez au financeur s’il manque à sa liste.`,
          preuve(liste.provenance, `marché ${numero} absent de la liste ${financeur}`),
        );
      const avant = !!(m.date_debut && s.debut && s.debut < m.date_debut);
      const apres = !!(m.date_fin && s.fin && s.fin > m.date_fin);
      if (!avant && !apres) return null;
      return echec(
        code,
        `sessions[${i}].${avant ? 'debut' : 'fin'}`,
        `La session ${i + 1} (du ${jourIsoLong(s.debut)} au ${jourIsoLong(s.fin)}) sort des dates du marché ${m.numero}${m.intitule ? ` « ${m.intitule} »` : ''} (du ${jourIsoLong(m.date_debut)} au ${jourIsoLong(m.date_fin)} selon ${nomListe}) : corrigez les dates ou le numéro de marché.`,
        preuve(
          liste.provenance,
          `marché ${m.numero} du ${m.date_debut ? jourIsoLong(m.date_debut) : '?'} au ${m.date_fin ? jourIsoLong(m.date_fin) : '?'}`,
        ),
      );
    },
    'Numéros de marché présents dans la liste du financeur, sessions dans les dates du marché.',
  );
}

export function reglesConventionne(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  return [
    ...parSession(
      f,
      'CONV_MARCHE',
      (s) => financeursPublics(f, s).includes('region'),
      'Aucune session financée par la Région.',
      (s, i) =>
        s.numero_marche && FORMAT_NUMERO_MARCHE.test(s.numero_marche.trim())
          ? null
          : echec(
              'CONV_MARCHE',
              `sessions[${i}].numero_marche`,
              `La session ${i + 1}, ${financeePar(f, s, ['region'])}, ${s.numero_marche ? `a un numéro de marché « ${s.numero_marche} » invalide` : 'n’a pas de numéro de marché'} : indiquez les 8 caractères du marché (une lettre puis 7 chiffres, ex. M1451401).`,
            ),
      'Numéros de marché des sessions financées par la Région valides.',
    ),
    ...marcheInconnu(f, ctx),
    ...parSession(
      f,
      'CONV_CONTACT',
      (s) => financeursPublics(f, s).length > 0,
      'Aucune session conventionnée.',
      (s, i) =>
        s.contact?.nom && (s.contact.telephone || s.contact.courriel)
          ? null
          : echec(
              'CONV_CONTACT',
              `sessions[${i}].contact`,
              `La session conventionnée ${i + 1}${financeurDeLAction(f, s) ? ` (${financeePar(f, s)})` : ''} n’a pas de contact complet : indiquez le nom et le téléphone ou le courriel de la personne à joindre.`,
            ),
      'Chaque session conventionnée a un contact.',
    ),
    ...parSession(
      f,
      'CONV_DELAI',
      // The session's own notification date first; else the one of the funder's list.
      (s) => !!delaiDe(f, s) && !!(s.date_notification_marche || marcheDe(f, s, ctx)?.date_notification),
      'Aucune session conventionnée avec une date de notification de marché (ni saisie, ni dans la liste du financeur).',
      (s, i) => {
        const { financeur, delai } = delaiDe(f, s)!;
        const m = s.date_notification_marche ? null : marcheDe(f, s, ctx);
        const notification = s.date_notification_marche ?? m!.date_notification!;
        const jours = joursEntre(notification, s.saisie_le);
        const liste = m ? (ctx.faits.marches.get(m.financeur)?.provenance ?? null) : null;
        return jours <= delai
          ? null
          : echec(
              'CONV_DELAI',
              `sessions[${i}]`,
              `La session ${i + 1}${financeurDeLAction(f, s) ? ` (${financeePar(f, s)})` : ''} a été saisie le ${jourIsoLong(s.saisie_le)}, ${jours} jours après la notification du marché (${jourIsoLong(notification)}${liste ? `, marché ${m!.numero} selon ${liste.fichier}` : ''}) : ${financeurDansLaPhrase(financeur)} demande une saisie sous ${delai} jours. Saisissez les prochaines sessions plus tôt.`,
              liste ? preuve(liste, `marché ${m!.numero} notifié le ${jourIsoLong(notification)}`) : [],
            );
      },
      'Sessions conventionnées saisies dans les délais.',
    ),
  ];
}

export const CODES_CONVENTIONNE = [
  'CONV_MARCHE',
  'CONV_MARCHE_INCONNU',
  'CONV_CONTACT',
  'CONV_DELAI',
] as const;
