// Word lists the demo draws names, streets and people from.

export const PERSONNALITES = [
  'Jean Jaurès', 'Victor Hugo', 'Marie Curie', 'Louise Michel', 'Jules Ferry', 'Gustave Eiffel', 'Simone Veil',
  'Jean Moulin', 'Condorcet', 'Paul Langevin', 'Antoine de Saint-Exupéry', 'George Sand', 'Albert Camus',
  'Olympe de Gouges', 'Pierre Mendès France', 'Lucie Aubrac', 'Louis Pasteur', 'Émile Zola', 'Jacques Prévert',
  'Camille Claudel', 'Nelson Mandela', 'Joséphine Baker', 'Aimé Césaire', 'Léonard de Vinci',
] as const;

export const VOIES = [
  'rue Jean Jaurès', 'avenue de la République', 'boulevard Pasteur', 'rue des Écoles', 'rue de l’Industrie',
  'allée des Tilleuls', 'place de la Gare', 'avenue du Général de Gaulle', 'rue Victor Hugo', 'chemin des Vignes',
  'rue de la Paix', 'boulevard de la Liberté', 'rue du Moulin', 'avenue des Sports', 'rue des Artisans',
  'impasse des Lilas', 'rue Gambetta', 'avenue Jean Moulin', 'rue du Stade', 'quai de la Loire',
] as const;

export const PRENOMS = [
  'Camille', 'Nathalie', 'Sophie', 'Isabelle', 'Julien', 'Nicolas', 'Thomas', 'Claire', 'Émilie', 'Karim',
  'Fatima', 'Laurent', 'Sandrine', 'Mathieu', 'Aurélie', 'Yann', 'Céline', 'Mehdi', 'Élodie', 'Pascal',
  'Valérie', 'Stéphane', 'Inès', 'Hugo', 'Léa', 'Marc', 'Anne', 'Sébastien', 'Nadia', 'Olivier',
] as const;

export const NOMS = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
  'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Benali',
  'Nguyen', 'Le Gall', 'Rakotomalala', 'Payet', 'Hoarau',
] as const;
