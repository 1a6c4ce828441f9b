import { nombre } from '../../../domain/nombres.ts';

// A horizontal bar chart as server-rendered SVG (no script): each bar is labelled with its value,
// and the chart carries a text alternative; the same figures are in a table next to it.

export function Barres(p: {
  titre: string;
  barres: readonly { libelle: string; valeur: number }[];
  id: string;
}) {
  const largeurLibelle = 220;
  const largeurBarres = 360;
  const hauteur = 28;
  const max = Math.max(1, ...p.barres.map((b) => b.valeur));
  const h = p.barres.length * hauteur + 10;
  const alt = `${p.titre} : ${p.barres.map((b) => `${b.libelle} ${b.valeur}`).join(', ')}.`;
  // No inline style (the Content-Security-Policy refuses it): a DSFR column bounds the width.
  return (
    <div class="fr-grid-row">
      <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <svg
          id={p.id}
          role="img"
          aria-labelledby={`${p.id}-titre`}
          viewBox={`0 0 ${largeurLibelle + largeurBarres + 60} ${h}`}
          width="100%"
          xmlns="http://www.w3.org/2000/svg"
        >
          <title id={`${p.id}-titre`}>{alt}</title>
          {p.barres.map((b, i) => {
            const y = i * hauteur + 5;
            const w = Math.round((b.valeur / max) * largeurBarres);
            return (
              <g key={b.libelle}>
                <text x={largeurLibelle - 8} y={y + 17} text-anchor="end" font-size="14" fill="#161616">
                  {b.libelle}
                </text>
                <rect
                  x={largeurLibelle}
                  y={y + 3}
                  width={Math.max(w, 1)}
                  height={hauteur - 8}
                  fill="#000091"
                />
                <text x={largeurLibelle + w + 6} y={y + 17} font-size="14" fill="#161616">
                  {nombre(b.valeur)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
