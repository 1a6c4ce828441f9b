import { type Kysely, sql } from 'kysely';

// Great-circle distance in km (haversine), for "within N km" filters: a lat/lon bounding box on the
// btree index session_latlon narrows the rows first, this refines (no cube/earthdistance: see docs/architecture.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function distance_km(lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision)
    returns double precision language sql immutable parallel safe as $$
      select 2 * 6371.0088 * asin(sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2) +
        cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists distance_km(double precision, double precision, double precision, double precision)`.execute(
    db,
  );
}
