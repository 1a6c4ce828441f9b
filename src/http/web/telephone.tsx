import { Fragment } from 'preact';
import { telephoneAffiche } from '../../domain/telephone-affiche.ts';

/** A contact's number as the pages show it (domain/telephone-affiche.ts): a tel: link, or as typed. */
export function Telephone({ numero }: { numero: string }) {
  const t = telephoneAffiche(numero);
  return t.href ? <a href={t.href}>{t.texte}</a> : t.texte;
}

/** A contact's name, number and e-mail, joined by `sep`; null when it has none. */
export function ContactEnLigne({
  c,
  sep,
}: {
  c: { nom?: string | null; telephone?: string | null; courriel?: string | null };
  sep: string;
}) {
  const parts = [
    c.nom || null,
    c.telephone ? <Telephone numero={c.telephone} /> : null,
    c.courriel || null,
  ].filter((x) => x !== null);
  if (parts.length === 0) return null;
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && sep}
          {p}
        </Fragment>
      ))}
    </>
  );
}
