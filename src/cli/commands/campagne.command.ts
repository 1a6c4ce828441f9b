import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import {
  type Calendrier,
  CHAMPS_NATIONAUX,
  CHAMPS_REGIONAUX,
  type ChampCalendrier,
  LIBELLE_ORIGINE,
  LIBELLES_CALENDRIER,
  type OriginesCollecte,
  origineCollecteLue,
} from '../../domain/campagne.ts';
import { jourIsoLong } from '../../domain/dates.ts';
import { OffreError } from '../../domain/errors.ts';
import { nomRegion } from '../../domain/geo.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { laisseesDeCote, MOTIFS_LAISSEE, reconduireUneFoisDecidees } from '../../domain/reconduction.ts';
import type { RapportBascule } from '../../services/rollover.service.ts';
import { ancienNom, annee, filtre, parOption } from '../options.ts';
import { avecProgression, withContext } from '../runtime.ts';

function render(r: RapportBascule): string {
  const lines = [
    `${r.simulation ? 'Simulation (rien n’a été enregistré) — ' : ''}bascule ${r.de} → ${r.vers} : ${r.simulation ? pluriel(r.sessions_creees, 'session à créer', 'sessions à créer') : pluriel(r.sessions_creees, 'session créée', 'sessions créées')} pour ${pluriel(r.formations, 'formation', 'formations')} ; ${pluriel(r.deja_reconduites, 'lieu déjà reconduit', 'lieux déjà reconduits')}.`,
    ...(r.campagne_creee
      ? [`Campagne ${r.vers} ${r.simulation ? 'à créer' : 'créée'} avec le calendrier par défaut.`]
      : []),
    ...r.organismes.map(
      (o) => `  ${o.siret ?? '—'}  ${o.raison_sociale ?? ''}  ${pluriel(o.sessions, 'session', 'sessions')}`,
    ),
    ...(r.laissees.length
      ? [
          `${laisseesDeCote(r.laissees.length)} (${reconduireUneFoisDecidees(r.laissees.length)}) :`,
          ...r.laissees.map((f) => `  ${f.id}  ${f.intitule ?? ''}  (${MOTIFS_LAISSEE[f.motif]})`),
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The calendar as text, in time order; a région's says whose its collection dates are (as
 * /gestion/campagnes does).
 */
function renderCalendrier(c: Calendrier): string {
  const portee = c.region ? `région ${nomRegion(c.region)}` : 'national';
  const origines: OriginesCollecte | null = c.region ? c.origines : null;
  const origine = (k: ChampCalendrier) => `  ${LIBELLE_ORIGINE[c.origines[k]]}`;
  // In time order (a calendar is read that way), undated last, ties in the form's order.
  const champs = (Object.keys(LIBELLES_CALENDRIER) as ChampCalendrier[])
    .map((k, i) => ({ k, i }))
    .sort((a, b) => (c[a.k] ?? '9999').localeCompare(c[b.k] ?? '9999') || a.i - b.i)
    .map(({ k }) => k);
  const lignes = champs.map(
    (k) =>
      `  ${LIBELLES_CALENDRIER[k].padEnd(36)} ${(c[k] ? jourIsoLong(c[k]) : '—').padEnd(17)}   (${k})${origine(k)}`,
  );
  const collecte = origines ? `Dates de collecte : ${origineCollecteLue(origines)}.\n` : '';
  return `${c.libelle}${c.courante ? ' (courante)' : ''} — calendrier ${portee}\n${collecte}${lignes.join('\n')}\n`;
}

/** The --set value that sends a région's date back to the national one (as an empty value does). */
const NATIONALE = 'nationale';

/**
 * `champ=date` pairs of --set, for a région's calendar (`region`) or the national one. Errors
 * name the pair: an unknown date, a national date with --region, « nationale » without it.
 */
function readSet(paires: readonly string[], region: string | null): Partial<Record<ChampCalendrier, string>> {
  const out: Partial<Record<ChampCalendrier, string>> = {};
  for (const p of paires) {
    const [champ, date = ''] = p.split('=', 2) as [string, string?];
    if (!(champ in LIBELLES_CALENDRIER))
      throw new OffreError(
        'CALENDRIER_CHAMP',
        `--set ${p} : « ${champ} » n’est pas une date du calendrier (${Object.keys(LIBELLES_CALENDRIER).join(', ')}).`,
      );
    if (region && !(CHAMPS_REGIONAUX as readonly string[]).includes(champ))
      throw new OffreError(
        'CALENDRIER_INVALIDE',
        `--set ${p} : ${LIBELLES_CALENDRIER[champ as ChampCalendrier].toLowerCase()} est une date nationale, fixée sans --region ; une région fixe ${CHAMPS_REGIONAUX.join(', ')}.`,
      );
    const nationale = date.trim().toLowerCase() === NATIONALE;
    if (nationale && !region)
      throw new OffreError(
        'CALENDRIER_INVALIDE',
        `--set ${p} : « ${NATIONALE} » ramène une date d’une région à la date nationale : indiquez la région (--region), ou une date pour le calendrier national.`,
      );
    out[champ as ChampCalendrier] = nationale ? '' : date;
  }
  return out;
}

export function registerCampagne(program: Command) {
  const campagne = program.command('campagne').description('campagnes de collecte');
  campagne
    .command('calendrier')
    .description(
      'affiche le calendrier d’une campagne (national, ou d’une région) ; --set le modifie (dates de collecte d’une région avec --region, sinon dates nationales)',
    )
    .option(
      '--campagne <annee>',
      'année de la rentrée (AAAA) ; par défaut la campagne courante',
      annee('--campagne'),
    )
    // Checked as the exports' --region (and the page, the API): an unknown code is REGION_INCONNUE.
    .option('--region <code>', 'code INSEE de la région (ex. 84)', filtre('region'))
    .option(
      '--set <champ=date>',
      'date à changer, AAAA-MM-JJ ou JJ/MM/AAAA (répétable) ; avec --region, la date nommée devient celle de la région, même égale à la date nationale (elle ne suivra plus un changement national), et « nationale » (ou vide) revient à la date nationale ; sans --region, vide efface la date',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--json', 'calendrier JSON sur la sortie standard')
    .action(async (opts: { campagne?: number; region?: string; set: string[]; json?: boolean }) => {
      const s = await import('../../services/campagne.service.ts');
      await withContext(async (ctx) => {
        const region = opts.region ?? null;
        const voulue = opts.campagne;
        let cal = voulue
          ? await parOption('--campagne', voulue, ['CAMPAGNE_INCONNUE'], () =>
              s.calendrier(ctx.db, voulue, region),
            )
          : opts.set.length
            ? await s.calendrierCourantEcrit(ctx.db, ctx.now(), region)
            : await s.calendrierCourant(ctx.db, ctx.now(), region);
        if (opts.set.length) {
          // Fields not given keep their value (the service replaces the whole set).
          const champs = region ? CHAMPS_REGIONAUX : [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX];
          const nommees = readSet(opts.set, region);
          const saisie = { ...Object.fromEntries(champs.map((k) => [k, cal[k] ?? ''])), ...nommees };
          // A date --set names is the région's own, even equal to the national one (pinned).
          const voulues = Object.fromEntries(
            Object.entries(nommees)
              .filter(([, d]) => d)
              .map(([k]) => [k, 'region' as const]),
          );
          try {
            cal = (await s.updateCalendrier(ctx, SYSTEME('cli'), cal.annee, region, saisie, voulues))
              .calendrier;
          } catch (e) {
            if (!Array.isArray(e)) throw e;
            // Each refusal named by the --set that asked for its date (the messages name the
            // page's labels, « Fermeture d’Affelnet », which the command line has not).
            const paires = new Map(opts.set.map((p) => [p.split('=', 1)[0]!, p]));
            const parSet = (x: OffreError) => {
              const paire = paires.get(String(x.details?.champ));
              return paire ? `--set ${paire} : ${x.message}` : x.message;
            };
            throw new OffreError('CALENDRIER_INVALIDE', (e as OffreError[]).map(parSet).join('\n'));
          }
        }
        process.stdout.write(opts.json ? `${JSON.stringify(cal)}\n` : renderCalendrier(cal));
      });
    });
  campagne
    .command('courante')
    .argument('<annee>', 'année de la rentrée (AAAA)', annee('<annee>'))
    .description(
      'change de campagne courante (créée avec son calendrier par défaut si absente) et recalcule les offres',
    )
    .action(async (a: number) => {
      const { changeCampagneCourante } = await import('../../services/campagne.service.ts');
      await withContext(async (ctx) => {
        const r = await changeCampagneCourante(ctx, SYSTEME('cli'), a);
        process.stdout.write(
          `Campagne courante : rentrée ${r.courante} ; ${pluriel(r.recalculees, 'offre recalculée', 'offres recalculées')}.\n`,
        );
      });
    });
  const rollover = campagne
    .command('rollover')
    .description(
      'reconduit l’offre d’une campagne à la suivante : une nouvelle session un an plus tard par formation et lieu encore proposés',
    )
    .requiredOption('--from <annee>', 'campagne source (AAAA)', annee('--from'))
    .requiredOption('--to <annee>', 'campagne cible (AAAA, l’année suivante)', annee('--to'))
    .option('--dry-run', 'aperçu de ce qui serait créé, sans rien enregistrer')
    .option('--json', 'rapport JSON sur la sortie standard');
  ancienNom(rollover, '--de <annee>', 'from', annee('--de'));
  ancienNom(rollover, '--vers <annee>', 'to', annee('--vers'));
  rollover.action(async (opts: { from: number; to: number; dryRun?: boolean; json?: boolean }) => {
    const { switchCampagne } = await import('../../services/rollover.service.ts');
    await withContext(async (ctx) => {
      // A source campaign that does not exist is refused, named by --from (CAMPAGNE_INCONNUE).
      const r = await avecProgression('Formations examinées', (bar) =>
        parOption('--from', opts.from, ['CAMPAGNE_INCONNUE'], () =>
          switchCampagne(ctx, SYSTEME('bascule-campagne'), {
            de: opts.from,
            vers: opts.to,
            dryRun: !!opts.dryRun,
            onProgress: (n) => bar.tick(n),
          }),
        ),
      );
      process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : render(r));
    });
  });
}
