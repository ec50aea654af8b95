/** The widget's texts in English and Italian. `{name}` placeholders are filled by `t()`. */
const en = {
  intro: 'Abstract booklet: an editable ODT with every session, contribution and abstract of this event.',
  button: 'Generate abstract booklet',
  buttonBusy: 'Generating…',
  cancel: 'Cancel',
  cancelling: 'Cancelling…',
  retry: 'Try again',
  stepfetching: 'Reading the event data…',
  stepconnecting: 'Connecting to the booklet server…',
  stepsubmitting: 'Sending the event…',
  stepresuming: 'Resuming the booklet in progress…',
  queued: 'Queued (position {position})…',
  running: '{percent}% · {phase}',
  phaseStarting: 'starting',
  reconnecting: 'Connection lost, reconnecting…',
  done: 'Booklet ready: {name} downloaded.',
  downloadAgain: 'Download {name} again',
  otherFormats: 'Other formats:',
  warnings: 'Check before printing:',
  cancelled: 'Booklet cancelled.',
  eventTitle: 'The event data could not be read ({detail}).',
  eventHint: 'Reload the page, check that you are still logged in, then try again.',
  serverTitle: 'The booklet server cannot be reached.',
  serverHint: 'Check your connection and try again; if it persists, tell the site administrator.',
  authTitle: 'The booklet server refused this page’s access.',
  authHint: 'Reload the page and check that you are still logged in; if it persists, ask the site administrator to check the API key in the JPSP settings.',
  validationTitle: 'The booklet server refused the event data.',
  validationHint: 'Fix these fields in Indico, then try again:',
  failedTitle: 'The booklet could not be generated.',
  failedHint: 'Try again; if it fails again, send this to the site administrator: {detail}',
  timeoutTitle: 'The booklet took too long and was stopped.',
  timeoutHint: 'Try again later, when the server is less busy.',
  busyTitle: 'The booklet server is busy.',
  busyHint: 'Wait a few minutes, then try again.',
  eta: 'about {time} left',
  lastCompleted: 'Last built {ago}{by}.',
  lastFailed: 'The last run failed {ago}{by}: {detail}',
  lastCancelled: 'The last run was cancelled {ago}{by}.',
  by: ' by {who}',
  summary: '{total} papers checked: {ok} without errors, {withErrors} with errors ({unreadable} unreadable), {withWarnings} with warnings.',
  openReport: 'Open the report',
  problemsCsv: 'Problems as CSV',
};

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const it: Messages = {
  intro: 'Libro degli abstract: un ODT modificabile con tutte le sessioni, i contributi e gli abstract di questo evento.',
  button: 'Genera il libro degli abstract',
  buttonBusy: 'Generazione…',
  cancel: 'Annulla',
  cancelling: 'Annullamento…',
  retry: 'Riprova',
  stepfetching: 'Lettura dei dati dell’evento…',
  stepconnecting: 'Connessione al server dei libri…',
  stepsubmitting: 'Invio dell’evento…',
  stepresuming: 'Ripresa del libro in corso…',
  queued: 'In coda (posizione {position})…',
  running: '{percent}% · {phase}',
  phaseStarting: 'avvio',
  reconnecting: 'Connessione persa, riconnessione…',
  done: 'Libro pronto: {name} scaricato.',
  downloadAgain: 'Scarica di nuovo {name}',
  otherFormats: 'Altri formati:',
  warnings: 'Da controllare prima della stampa:',
  cancelled: 'Libro annullato.',
  eventTitle: 'Impossibile leggere i dati dell’evento ({detail}).',
  eventHint: 'Ricarica la pagina, verifica di essere ancora collegato, poi riprova.',
  serverTitle: 'Il server dei libri non è raggiungibile.',
  serverHint: 'Controlla la connessione e riprova; se persiste, avvisa l’amministratore del sito.',
  authTitle: 'Il server dei libri ha rifiutato l’accesso di questa pagina.',
  authHint: 'Ricarica la pagina e verifica di essere ancora collegato; se persiste, chiedi all’amministratore del sito di controllare la chiave API nelle impostazioni JPSP.',
  validationTitle: 'Il server dei libri ha rifiutato i dati dell’evento.',
  validationHint: 'Correggi questi campi in Indico, poi riprova:',
  failedTitle: 'Impossibile generare il libro.',
  failedHint: 'Riprova; se fallisce ancora, invia questo all’amministratore del sito: {detail}',
  timeoutTitle: 'Il libro ha richiesto troppo tempo ed è stato interrotto.',
  timeoutHint: 'Riprova più tardi, quando il server è meno occupato.',
  busyTitle: 'Il server dei libri è occupato.',
  busyHint: 'Attendi qualche minuto, poi riprova.',
  eta: 'circa {time} rimanenti',
  lastCompleted: 'Ultimo libro generato {ago}{by}.',
  lastFailed: 'L’ultima generazione è fallita {ago}{by}: {detail}',
  lastCancelled: 'L’ultima generazione è stata annullata {ago}{by}.',
  by: ' da {who}',
  summary: '{total} articoli controllati: {ok} senza errori, {withErrors} con errori ({unreadable} illeggibili), {withWarnings} con avvisi.',
  openReport: 'Apri il rapporto',
  problemsCsv: 'Problemi in CSV',
};

/** The paper check's texts where they differ from the booklet's (`task="papers-check"`). */
const papersEn: Partial<Messages> = {
  intro: 'Paper check: every paper’s PDF checked for page size, embedded fonts, Type 3 fonts, PDF version and page limits.',
  button: 'Check the papers',
  buttonBusy: 'Checking…',
  stepfetching: 'Reading the list of papers…',
  stepconnecting: 'Connecting to the JPSP server…',
  stepsubmitting: 'Sending the list of papers…',
  stepresuming: 'Resuming the paper check in progress…',
  done: 'Paper check done.',
  warnings: 'Found:',
  cancelled: 'Paper check cancelled.',
  eventTitle: 'The list of papers could not be read ({detail}).',
  serverTitle: 'The JPSP server cannot be reached.',
  authTitle: 'The JPSP server refused this page’s access.',
  validationTitle: 'The JPSP server refused the list of papers.',
  failedTitle: 'The paper check could not be run.',
  timeoutTitle: 'The paper check took too long and was stopped.',
  busyTitle: 'The JPSP server is busy.',
  lastCompleted: 'Last checked {ago}{by}.',
  lastFailed: 'The last check failed {ago}{by}: {detail}',
  lastCancelled: 'The last check was cancelled {ago}{by}.',
};

const papersIt: Partial<Messages> = {
  intro: 'Controllo degli articoli: il PDF di ogni articolo verificato per formato della pagina, font incorporati, font Type 3, versione PDF e limite di pagine.',
  button: 'Controlla gli articoli',
  buttonBusy: 'Controllo…',
  stepfetching: 'Lettura dell’elenco degli articoli…',
  stepconnecting: 'Connessione al server JPSP…',
  stepsubmitting: 'Invio dell’elenco degli articoli…',
  stepresuming: 'Ripresa del controllo in corso…',
  done: 'Controllo completato.',
  warnings: 'Trovato:',
  cancelled: 'Controllo annullato.',
  eventTitle: 'Impossibile leggere l’elenco degli articoli ({detail}).',
  serverTitle: 'Il server JPSP non è raggiungibile.',
  authTitle: 'Il server JPSP ha rifiutato l’accesso di questa pagina.',
  validationTitle: 'Il server JPSP ha rifiutato l’elenco degli articoli.',
  failedTitle: 'Impossibile eseguire il controllo degli articoli.',
  timeoutTitle: 'Il controllo ha richiesto troppo tempo ed è stato interrotto.',
  busyTitle: 'Il server JPSP è occupato.',
  lastCompleted: 'Ultimo controllo {ago}{by}.',
  lastFailed: 'L’ultimo controllo è fallito {ago}{by}: {detail}',
  lastCancelled: 'L’ultimo controllo è stato annullato {ago}{by}.',
};

const VARIANTS = { papers: { en: papersEn, it: papersIt } } as const;

export const MESSAGES = { en, it } as const;
export type Lang = keyof typeof MESSAGES;
export const LANGS = Object.keys(MESSAGES) as Lang[];

/** The widget's language: the option if supported, else the page's `<html lang>`, else English. */
export function resolveLang(option: string | null | undefined, pageLang: string | null | undefined): Lang {
  for (const candidate of [option, pageLang]) {
    const primary = (candidate ?? '').trim().toLowerCase().split(/[-_]/)[0];
    if ((LANGS as string[]).includes(primary)) {
      return primary as Lang;
    }
  }
  return 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang, variant?: keyof typeof VARIANTS): Translate {
  const table: Messages = variant ? { ...MESSAGES[lang], ...VARIANTS[variant][lang] } : MESSAGES[lang];
  return (key, params) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
