// Deterministic generator of realistic Indico event exports (`/export/event/<id>.json?detail=sessions`)
// shaped like the FEL2022 fixture (test/fixtures/jacow-fel2022-event-44-detail-sessions.json):
// SessionSlot blocks with conveners, rooms and dates with a time zone; ~40% orals and ~60% posters;
// 2–8 authors per contribution drawn from a pool of people reused across contributions (some names
// with accents, Cyrillic or CJK); abstracts of ~1,200 characters with LaTeX and HTML fragments.
//
//   import { generateEvent } from './generate-event.mjs';
//   const payload = generateEvent(2000, 42); // { count: 1, results: [event] }
//   node generate-event.mjs 2000 42 > event.json

/** mulberry32: small, fast, good enough, and the same on every machine (also used by the server's test suites). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Anna', 'Luca', 'Marie-Emmanuelle', 'Sven', 'Eugenio', 'Claudio', 'Hiroshi', 'Ji-Hoon', 'Olga', 'Pierre',
  'Désirée', 'José', 'Zoë', 'Bjørn', 'Łukasz', 'Ülkü', 'François', 'Maëlle', 'Jürgen', 'Søren',
  'Пётр', 'Наталья', 'Алексей', '小明', '健太', '秀英', 'Wei', 'Yuki', 'Priya', 'Ahmed',
  'Giulia', 'Michele', 'Simone', 'Elena', 'Karl', 'Ingrid', 'Rafael', 'Ana', 'Chen', 'Li',
  'Thomas', 'Sarah', 'David', 'Emma', 'Jonas', 'Fatima', 'Kwame', 'Mateo', 'Nadia', 'Oskar',
];
const LAST = [
  'Giannessi', 'Svandrlik', 'Couprie', 'Reiche', 'Ferrari', 'Zhu', 'Müller', 'Šimůnek', 'Østergaard', 'Nuñez',
  'Dupré', 'García-López', "O'Shea", 'van der Meer', 'Kowalczyk', 'Öztürk', 'Lefèvre', 'Björklund', 'Çelik', 'Åberg',
  'Иванов', 'Смирнова', 'Кузнецов', '王', '佐藤', '李', 'Tanaka', 'Kim', 'Nakamura', 'Patel',
  'Rossi', 'Bianchi', 'Schmidt', 'Fischer', 'Weber', 'Dubois', 'Moreau', 'Silva', 'Santos', 'Chen',
  'Smith', 'Johnson', 'Brown', 'Jones', 'Wilson', 'Taylor', 'Andersson', 'Nielsen', 'Hansen', 'Novak',
];
const AFFILIATIONS = [
  'Elettra-Sincrotrone Trieste S.C.p.A.', 'European Organization for Nuclear Research', 'Deutsches Elektronen-Synchrotron',
  'Paul Scherrer Institut', 'Synchrotron Soleil', 'SLAC National Accelerator Laboratory', 'Argonne National Laboratory',
  'Lawrence Berkeley National Laboratory', 'Brookhaven National Laboratory', 'Fermi National Accelerator Laboratory',
  'High Energy Accelerator Research Organization', 'RIKEN SPring-8 Center', 'Shanghai Advanced Research Institute',
  'Institute of High Energy Physics', 'Pohang Accelerator Laboratory', 'Budker Institute of Nuclear Physics',
  'Joint Institute for Nuclear Research', 'European XFEL GmbH', 'MAX IV Laboratory, Lund University',
  'Helmholtz-Zentrum Dresden-Rossendorf', 'Istituto Nazionale di Fisica Nucleare', 'Diamond Light Source Ltd',
  'STFC Daresbury Laboratory', 'Thomas Jefferson National Accelerator Facility', 'TRIUMF', 'Stony Brook University',
  'University of California, Los Angeles', 'Université Paris-Saclay', 'Technische Universität Dortmund',
  'Karlsruhe Institute of Technology', 'ENEA C.R. Frascati', 'Tsinghua University', 'University of Tokyo',
  'Instituto de Física Corpuscular', 'ESS Bilbao', 'Cockcroft Institute', 'Uppsala University', 'ALBA-CELLS Synchrotron',
];
const ROOMS = ['Auditorium Generali', 'Sala Oceania', 'Sala Nettuno', 'Exhibition Hall', 'Room A', 'Room B'];
const TRACKS = [
  'SASE FEL', 'Seeded FEL', 'FEL Oscillators', 'Electron Sources', 'Beam Dynamics', 'Photon Beamlines',
  'Undulators', 'Diagnostics', 'Controls', 'User Experiments', 'Novel Concepts', 'Radiation Sources',
];
const ORAL_TOPICS = [
  'SASE FELs', 'Seeded FELs', 'FEL Theory', 'Electron sources', 'Electron beam dynamics', 'Novel acceleration and FEL concepts',
  'Electron diagnostics, timing, synchronization & controls', 'Photon beamline instrumentation & undulators',
  'User experiments', 'First lasing', 'Superconducting linacs', 'Plasma wakefield acceleration',
];
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WORDS = (
  'electron beam bunch compression laser pulse undulator radiation gain saturation seeding harmonic generation ' +
  'emittance brightness photocathode injector linac cavity gradient wakefield plasma acceleration diagnostics ' +
  'timing jitter synchronization feedback spectrum bandwidth coherence femtosecond attosecond soft hard X-ray ' +
  'measurement simulation design commissioning performance stability tolerance alignment magnet lattice optics ' +
  'energy spread current profile microbunching instability shot noise taper efficiency polarization beamline'
).split(' ');
const FRAGMENTS = [
  'CO$_2$', 'H$_2$O', '$\\mu$m', '\\mu m', '10<sup>-9</sup> Torr', '$\\sigma_z$', 'E<sub>beam</sub>', 'K = 1.2',
  'λ<sub>u</sub> = 30 mm', '$\\epsilon_n$ < 0.5 mm mrad', '&lt;10 fs', '3<sup>rd</sup> harmonic', '$\\Delta E/E$',
];
const TZ = 'Europe/Zurich';

export function generateEvent(nContributions = 2000, seed = 1) {
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const pad = (n) => String(n).padStart(2, '0');
  const eventId = String(1000 + (seed % 9000));
  const eventUrl = `https://indico.jacow.org/event/${eventId}/`;
  const year = 2020 + (seed % 6);
  const firstDay = new Date(Date.UTC(year, 4, 11 + (seed % 7)));
  const dayOf = (d) => {
    const x = new Date(firstDay.getTime() + d * 86_400_000);
    return `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())}`;
  };
  const when = (day, minutes) => ({ date: dayOf(day), time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`, tz: TZ });

  // People, reused across contributions: about one person per 0.7 contribution.
  const nPeople = Math.max(20, Math.round(nContributions * 1.4));
  const people = Array.from({ length: nPeople }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const dbId = 2000 + i;
    return { first_name: first, last_name: last, fullName: `${last}, ${first}`, id: String(dbId), affiliation: pick(AFFILIATIONS), emailHash: hex(32), db_id: dbId, person_id: 1000 + i };
  });
  const participation = (p) => ({ _type: 'ContributionParticipation', _fossil: 'contributionParticipationMetadata', ...p });
  const chair = (p, i) => ({
    fax: '',
    familyName: p.last_name,
    firstName: p.first_name,
    name: p.fullName,
    last_name: p.last_name,
    first_name: p.first_name,
    title: '',
    _type: 'SlotChair',
    affiliation: p.affiliation,
    _fossil: 'conferenceParticipation',
    fullName: p.fullName,
    id: p.person_id,
    db_id: i,
    person_id: p.person_id,
    emailHash: p.emailHash,
  });

  const sentence = () => {
    const n = int(8, 22);
    const words = Array.from({ length: n }, () => (rnd() < 0.07 ? pick(FRAGMENTS) : pick(WORDS)));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  const abstract = () => {
    const target = int(900, 1500);
    let text = '';
    while (text.length < target) {
      text += (text ? (rnd() < 0.15 ? '\r\n' : ' ') : '') + sentence();
    }
    return text;
  };
  const title = () => {
    const words = Array.from({ length: int(5, 14) }, () => pick(WORDS));
    return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') + (rnd() < 0.1 ? ` with ${pick(FRAGMENTS)}` : '');
  };

  const nOrals = Math.round(nContributions * 0.4);
  const nPosters = nContributions - nOrals;
  const days = Math.max(1, Math.min(DAY_CODES.length, Math.ceil(nContributions / 450)));
  const conference = {
    _type: 'Conference',
    id: eventId,
    title: `GEN${year}`,
    description: `<p>Generated conference (${nContributions} contributions, seed ${seed}) for benchmarks.</p>`,
    startDate: when(0, 9 * 60),
    timezone: TZ,
    endDate: when(days - 1, 18 * 60),
    room: ROOMS[0],
    location: 'Generated Convention Centre',
    address: 'Via dei Test 1\nTrieste - Italy',
    type: 'conference',
    references: [],
    _fossil: 'conference',
  };

  const sessions = [];
  let contributionNo = 0;
  let slotId = 100;
  let sessionDbId = 200;
  const makeContribution = (slot, isPoster, code, start, duration) => {
    contributionNo++;
    const dbId = 5000 + contributionNo;
    const nAuthors = int(2, 8);
    const chosen = new Set();
    while (chosen.size < nAuthors) {
      chosen.add(people[Math.floor(rnd() * people.length)]);
    }
    const authors = [...chosen].map(participation);
    const nPrimary = rnd() < 0.8 ? 1 : 2;
    return {
      _type: 'Contribution',
      _fossil: 'contributionMetadataWithSubContribs',
      id: String(contributionNo),
      db_id: dbId,
      friendly_id: contributionNo,
      title: title(),
      startDate: when(slot.day, start),
      endDate: when(slot.day, start + duration),
      duration,
      roomFullname: slot.room,
      room: slot.room,
      note: {},
      location: conference.location,
      type: isPoster ? 'Contributed Poster' : rnd() < 0.5 ? 'Invited Oral' : 'Contributed Oral',
      description: rnd() < 0.03 ? '' : abstract(),
      folders: [],
      url: `${eventUrl}contributions/${dbId}/`,
      material: [],
      speakers: [authors[0]],
      primaryauthors: authors.slice(0, nPrimary),
      coauthors: authors.slice(nPrimary),
      keywords: [],
      track: pick(TRACKS),
      session: slot.title,
      references: [],
      board_number: isPoster && rnd() < 0.5 ? `P${contributionNo % 200}` : '',
      code,
      subContributions: [],
    };
  };
  const makeSlot = (day, startMin, endMin, titleText, code, isPoster, room) => {
    slotId++;
    sessionDbId++;
    const conveners = Array.from({ length: isPoster ? int(0, 1) : int(1, 2) }, (_, i) => chair(pick(people), i + 1));
    const slot = { day, room, title: titleText };
    const block = {
      _type: 'SessionSlot',
      _fossil: 'sessionMetadata',
      id: slotId,
      conference,
      startDate: when(day, startMin),
      endDate: when(day, endMin),
      description: '',
      title: titleText,
      url: `${eventUrl}sessions/${sessionDbId}/`,
      contributions: [],
      note: {},
      session: {
        folders: [],
        startDate: when(day, startMin),
        endDate: when(day, endMin),
        _type: 'Session',
        sessionConveners: conveners,
        title: titleText,
        color: `#${hex(6)}`,
        textColor: '#1f1100',
        description: '',
        material: [],
        isPoster,
        type: null,
        url: `${eventUrl}sessions/${sessionDbId}/`,
        roomFullname: room,
        location: conference.location,
        address: conference.address,
        _fossil: 'sessionMinimal',
        numSlots: 1,
        id: String(sessionDbId - 200),
        db_id: sessionDbId,
        friendly_id: sessionDbId - 200,
        room,
        code: rnd() < 0.3 ? '' : code,
      },
      room,
      roomFullname: room,
      location: conference.location,
      inheritLoc: true,
      inheritRoom: true,
      slotTitle: '',
      address: conference.address,
      conveners,
      code: rnd() < 0.3 ? '' : code,
    };
    return { slot, block };
  };

  // Orals: blocks of 6 talks of 20 minutes, four parallel rooms, spread over the days.
  const oralBlocks = Math.ceil(nOrals / 6);
  let oralsLeft = nOrals;
  for (let b = 0; b < oralBlocks; b++) {
    const day = b % days;
    const inDay = Math.floor(b / days);
    const room = ROOMS[inDay % 4];
    const startMin = 9 * 60 + Math.floor(inDay / 4) * 150;
    const talks = Math.min(6, oralsLeft);
    oralsLeft -= talks;
    const letter = String.fromCharCode(65 + (inDay % 26));
    const code = `${DAY_CODES[day]}${letter}`;
    const { slot, block } = makeSlot(day, startMin, startMin + talks * 20, pick(ORAL_TOPICS), code, false, room);
    for (let t = 0; t < talks; t++) {
      block.contributions.push(makeContribution(slot, false, `${code}${t + 1}`, startMin + t * 20, 20));
    }
    sessions.push(block);
  }
  // Posters: one or two big blocks a day in the exhibition hall.
  const posterBlocks = Math.max(1, Math.min(days * 2, Math.ceil(nPosters / 150)));
  let postersLeft = nPosters;
  for (let b = 0; b < posterBlocks; b++) {
    const day = b % days;
    const count = Math.ceil(postersLeft / (posterBlocks - b));
    postersLeft -= count;
    const startMin = 16 * 60 + (b >= days ? -5 * 60 : 0);
    const code = `${DAY_CODES[day]}P${b >= days ? 'B' : 'A'}`;
    const { slot, block } = makeSlot(day, startMin, startMin + 120, `${DAY_NAMES[day]} posters${b >= days ? ' II' : ''}: Coffee & Exhibition`, code, true, 'Exhibition Hall');
    for (let t = 0; t < count; t++) {
      block.contributions.push(makeContribution(slot, true, `${code}${String(t + 1).padStart(3, '0')}`, startMin, 120));
    }
    sessions.push(block);
  }
  // Indico does not sort blocks chronologically: neither do we.
  for (let i = sessions.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [sessions[i], sessions[j]] = [sessions[j], sessions[i]];
  }

  const event = {
    ...conference,
    _fossil: 'conferenceMetadataWithSessions',
    categoryId: 2,
    category: 'Conferences',
    note: {},
    roomFullname: conference.room,
    url: eventUrl,
    creationDate: { date: `${year - 1}-09-20`, time: '09:46:42.848900', tz: TZ },
    creator: { _type: 'Avatar', _fossil: 'conferenceChairMetadata', ...people[0] },
    hasAnyProtection: false,
    roomMapURL: null,
    folders: [],
    chairs: people.slice(0, 2).map((p) => ({ _type: 'ConferenceChair', _fossil: 'conferenceChairMetadata', ...p })),
    material: [],
    keywords: [`GEN${year}`],
    organizer: '',
    visibility: { id: '', name: 'Everywhere' },
    contributions: [],
    sessions,
  };
  return { ts: 1663250343 + seed, additionalInfo: {}, count: 1, results: [event], url: `${eventUrl.replace('/event/', '/export/event/').replace(/\/$/, '')}.json?detail=sessions`, _type: 'HTTPAPIResult' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [n = '2000', seed = '1'] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(generateEvent(Number(n), Number(seed))));
}
