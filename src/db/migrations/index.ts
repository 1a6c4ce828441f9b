import type { Migration } from 'kysely';
import * as m0001 from './0001_store.ts';
import * as m0002 from './0002_referentiels.ts';
import * as m0010 from './0010_distance.ts';
import * as m0030 from './0030_conformite.ts';
import * as m0050 from './0050_classeur_import.ts';
import * as m0120 from './0120_commune_ancienne.ts';
import * as m0121 from './0121_certification_predecesseurs.ts';
import * as m0200 from './0200_comptes.ts';
import * as m0230 from './0230_import_tache.ts';
import * as m0300 from './0300_recherche.ts';
import * as m0310 from './0310_recherche_facettes.ts';
import * as m0320 from './0320_recherche_vitesse.ts';
import * as m0400 from './0400_feed_diffusion.ts';
import * as m0420 from './0420_marche.ts';
import * as m0440 from './0440_session_retenue.ts';
import * as m0441 from './0441_fichier_partenaire.ts';
import * as m0600 from './0600_gestion.ts';
import * as m0620 from './0620_apikey_gestion.ts';
import * as m0640 from './0640_referentiel_depot.ts';
import * as m0650 from './0650_campagne_calendrier.ts';
import * as m0660 from './0660_formation_region.ts';
import * as m0670 from './0670_formation_uai_role.ts';
import * as m0671 from './0671_organisme_inconnu.ts';
import * as m0700 from './0700_securite.ts';
import * as m0710 from './0710_recherche_jetons_entiers.ts';
import * as m0750 from './0750_formation_document.ts';
import * as m0760 from './0760_recherche_differee.ts';
import * as m0770 from './0770_recherche_sans_retenues.ts';
import * as m0780 from './0780_recherche_sans_index_publique.ts';
import * as m0840 from './0840_documents_ordre_echecs.ts';
import * as m0850 from './0850_commune_population.ts';
import * as m0880 from './0880_recherche_mots_seuls.ts';
import * as m0900 from './0900_documents_lz4.ts';
import * as m0910 from './0910_donnees_version.ts';
import * as m0920 from './0920_recherche_mots_changes.ts';
import * as m0940 from './0940_import_rapport_complet.ts';
import * as m0960 from './0960_archivees_sessions_fermees.ts';
import * as m0970 from './0970_import_origine.ts';
import * as m0980 from './0980_doublon_formation_liee.ts';
import * as m0990 from './0990_historique_origine.ts';
import * as m1000 from './1000_revision_regions.ts';
import * as m1010 from './1010_recherche_indexer_sans_mots.ts';
import * as m1020 from './1020_historique_lz4.ts';
import * as m1030 from './1030_import_tache_gestion.ts';
import * as m1040 from './1040_formulaire_envoi.ts';
import * as m1045 from './1045_documents_sans_doublon.ts';
import * as m1047 from './1047_structure_refusee.ts';
import * as m1050 from './1050_commune_nom_colle.ts';
import * as m1070 from './1070_plateforme_hors_perimetre.ts';
import * as m1100 from './1100_recherche_lieu_code_postal.ts';
import * as m1110 from './1110_certification_mot.ts';
import * as m1120 from './1120_certification_rome_libelles.ts';
import * as m1130 from './1130_change_event_publique.ts';
import * as m1140 from './1140_session_index_inutiles.ts';
import * as m1150 from './1150_recherche_indexer_ensembliste.ts';
import * as m1161 from './1161_recherche_lieu_sans_tri_par_ligne.ts';
import * as m1240 from './1240_index_fusionnes.ts';
import * as m1260 from './1260_recherche_organisme_noms.ts';
import * as m1290 from './1290_flux_rupture.ts';
import * as m1300 from './1300_courriel_envoi.ts';

/** Every migration, in order. Append new ones here (never edit a released one). */
export const migrations: Record<string, Migration> = {
  '0001_store': m0001,
  '0002_referentiels': m0002,
  '0010_distance': m0010,
  '0030_conformite': m0030,
  '0050_classeur_import': m0050,
  '0120_commune_ancienne': m0120,
  '0121_certification_predecesseurs': m0121,
  '0200_comptes': m0200,
  '0230_import_tache': m0230,
  '0300_recherche': m0300,
  '0310_recherche_facettes': m0310,
  '0320_recherche_vitesse': m0320,
  '0400_feed_diffusion': m0400,
  '0420_marche': m0420,
  '0440_session_retenue': m0440,
  '0441_fichier_partenaire': m0441,
  '0600_gestion': m0600,
  '0620_apikey_gestion': m0620,
  '0640_referentiel_depot': m0640,
  '0650_campagne_calendrier': m0650,
  '0660_formation_region': m0660,
  '0670_formation_uai_role': m0670,
  '0671_organisme_inconnu': m0671,
  '0700_securite': m0700,
  '0710_recherche_jetons_entiers': m0710,
  '0750_formation_document': m0750,
  '0760_recherche_differee': m0760,
  '0770_recherche_sans_retenues': m0770,
  '0780_recherche_sans_index_publique': m0780,
  '0840_documents_ordre_echecs': m0840,
  '0850_commune_population': m0850,
  '0880_recherche_mots_seuls': m0880,
  '0900_documents_lz4': m0900,
  '0910_donnees_version': m0910,
  '0920_recherche_mots_changes': m0920,
  '0940_import_rapport_complet': m0940,
  '0960_archivees_sessions_fermees': m0960,
  '0970_import_origine': m0970,
  '0980_doublon_formation_liee': m0980,
  '0990_historique_origine': m0990,
  '1000_revision_regions': m1000,
  '1010_recherche_indexer_sans_mots': m1010,
  '1020_historique_lz4': m1020,
  '1030_import_tache_gestion': m1030,
  '1040_formulaire_envoi': m1040,
  '1045_documents_sans_doublon': m1045,
  '1047_structure_refusee': m1047,
  '1050_commune_nom_colle': m1050,
  '1070_plateforme_hors_perimetre': m1070,
  '1100_recherche_lieu_code_postal': m1100,
  '1110_certification_mot': m1110,
  '1120_certification_rome_libelles': m1120,
  '1130_change_event_publique': m1130,
  '1140_session_index_inutiles': m1140,
  '1150_recherche_indexer_ensembliste': m1150,
  '1161_recherche_lieu_sans_tri_par_ligne': m1161,
  '1240_index_fusionnes': m1240,
  '1260_recherche_organisme_noms': m1260,
  '1290_flux_rupture': m1290,
  '1300_courriel_envoi': m1300,
};
