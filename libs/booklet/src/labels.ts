import type { Labels } from './model.js';

/** The booklet's fixed texts per language (the locale's language subtag picks the set). */
const LABELS: Record<string, Labels & { contributions: string }> = {
  en: { contents: 'Contents', authorIndex: 'Author Index', chairs: 'Chairs', chair: 'Chair', room: 'Room', board: 'Board', unscheduled: 'Unscheduled contributions', presenter: 'presenter', presenterNote: '* presenter', contributions: 'Contributions' },
  it: { contents: 'Indice', authorIndex: 'Indice degli autori', chairs: 'Presidenti', chair: 'Presidente', room: 'Sala', board: 'Pannello', unscheduled: 'Contributi non in programma', presenter: 'relatore', presenterNote: '* relatore', contributions: 'Contributi' },
  fr: { contents: 'Table des matières', authorIndex: 'Index des auteurs', chairs: 'Présidents de séance', chair: 'Président de séance', room: 'Salle', board: 'Panneau', unscheduled: 'Contributions non programmées', presenter: 'orateur', presenterNote: '* orateur', contributions: 'Contributions' },
  de: { contents: 'Inhalt', authorIndex: 'Autorenverzeichnis', chairs: 'Vorsitz', chair: 'Vorsitz', room: 'Raum', board: 'Posterwand', unscheduled: 'Nicht eingeplante Beiträge', presenter: 'Vortragende', presenterNote: '* Vortragende', contributions: 'Beiträge' },
};

export function labelsFor(locale: string): { labels: Labels & { contributions: string }; exact: boolean } {
  const lang = locale.split('-')[0].toLowerCase();
  const labels = LABELS[lang];
  return labels ? { labels: { ...labels }, exact: true } : { labels: { ...LABELS.en }, exact: false };
}
