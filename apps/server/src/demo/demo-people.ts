import type { EMPLOYMENT_TYPES } from '@keel/contracts';

export interface DemoPerson {
  key: string;
  first: string;
  last: string;
  site: 'CMH' | 'RNO';
  dept: 'OPS' | 'PROD' | 'WHS' | 'MNT' | 'QHS' | 'HR';
  position: string;
  manager: string | null;
  type: (typeof EMPLOYMENT_TYPES)[number];
  start: string;
  skills: string[];
  phone: string;
  pay: { type: 'hourly' | 'salary'; amount: number };
}

/** Deterministic pseudo-random numbers so every demo is the same. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261125);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const some = <T>(list: readonly T[], min: number, max: number): T[] => {
  const n = min + Math.floor(rand() * (max - min + 1));
  return [...list].sort(() => rand() - 0.5).slice(0, n);
};
const date = (fromYear: number, toYear: number) => {
  const y = fromYear + Math.floor(rand() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
const phone = (site: 'CMH' | 'RNO') =>
  `+1 ${site === 'CMH' ? '614' : '775'} 555 ${String(1000 + Math.floor(rand() * 8999))}`;
const hourly = (min: number, max: number) => ({
  type: 'hourly' as const,
  amount: Math.round((min + rand() * (max - min)) * 4) * 25,
});
const salary = (min: number, max: number) => ({
  type: 'salary' as const,
  amount: Math.round((min + rand() * (max - min)) / 500) * 50000,
});

const FIRST = [
  'Aaron',
  'Bianca',
  'Carlos',
  'Deshawn',
  'Elena',
  'Farah',
  'Gabriel',
  'Hannah',
  'Isaac',
  'Jasmine',
  'Kenji',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Paige',
  'Quinn',
  'Rosa',
  'Samuel',
  'Tanya',
  'Umar',
  'Valeria',
  'Wesley',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Andre',
  'Brooke',
  'Connor',
  'Daniela',
  'Ethan',
  'Fatima',
  'Grant',
  'Ivy',
  'Jamal',
  'Keisha',
  'Logan',
  'Maya',
  'Noah',
  'Olga',
  'Pedro',
  'Riley',
  'Sofia',
  'Trevor',
  'Uriel',
  'Vanessa',
  'Wyatt',
  'Yara',
];
const LAST = [
  'Alvarez',
  'Brooks',
  'Chen',
  'Dawson',
  'Estrada',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ibrahim',
  'Jensen',
  'Kowalski',
  'Lopez',
  'Murphy',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quintero',
  'Reyes',
  'Schmidt',
  'Thompson',
  'Usman',
  'Vasquez',
  'Walker',
  'Xu',
  'Young',
  'Zimmerman',
  'Adeyemi',
  'Bauer',
  'Castillo',
  'Diaz',
  'Evans',
  'Foster',
  'Gutierrez',
  'Hale',
  'Iverson',
  'Jordan',
  'Kim',
  'Lindqvist',
  'Moreno',
  'Novak',
  'Ortiz',
  'Price',
  'Ramirez',
  'Sullivan',
  'Torres',
  'Varga',
  'Ward',
  'Yilmaz',
];

const PROD_SKILLS = [
  'CNC machining',
  'Press brake',
  'MIG welding',
  'TIG welding',
  'Blueprint reading',
  'Lockout/tagout',
  'First aid',
  'Calipers & micrometers',
  'Lean / 5S',
];
const WHS_SKILLS = [
  'Forklift (counterbalance)',
  'Reach truck',
  'RF scanning',
  'Cycle counting',
  'Hazmat shipping',
  'First aid',
  'Pallet jack',
];
const MNT_SKILLS = [
  'PLC troubleshooting',
  'Hydraulics',
  'Pneumatics',
  'Electrical (480V)',
  'Lockout/tagout',
  'Preventive maintenance',
  'Welding',
];
const QHS_SKILLS = [
  'ISO 9001 auditing',
  'CMM programming',
  'Root cause analysis',
  'OSHA 30',
  'First aid',
  'SPC',
];

const people: DemoPerson[] = [];
const used = new Set<string>(['Dana Whitfield', 'Marcus Bell', 'Priya Natarajan', 'Luis Ortega']);
function add(p: Omit<DemoPerson, 'phone' | 'first' | 'last'> & { first?: string; last?: string }) {
  let first = p.first ?? pick(FIRST);
  let last = p.last ?? pick(LAST);
  // Names (and so demo e-mail addresses) are unique.
  while (used.has(`${first} ${last}`)) {
    first = pick(FIRST);
    last = pick(LAST);
  }
  used.add(`${first} ${last}`);
  people.push({ ...p, first, last, phone: phone(p.site) });
}

// Leadership and the demo sign-ins' own records.
used.clear();
add({
  key: 'gm',
  first: 'Dana',
  last: 'Whitfield',
  site: 'CMH',
  dept: 'OPS',
  position: 'General Manager',
  manager: null,
  type: 'full_time',
  start: '2015-03-02',
  skills: ['P&L ownership', 'Lean / 5S', 'Negotiation'],
  pay: salary(165000, 165000),
});
add({
  key: 'opsmgr',
  first: 'Marcus',
  last: 'Bell',
  site: 'CMH',
  dept: 'OPS',
  position: 'Operations Manager',
  manager: 'gm',
  type: 'full_time',
  start: '2018-06-11',
  skills: ['Budgeting', 'Lean / 5S', 'OSHA 30', 'Project management'],
  pay: salary(118000, 118000),
});
add({
  key: 'coord',
  first: 'Priya',
  last: 'Natarajan',
  site: 'CMH',
  dept: 'OPS',
  position: 'Operations Coordinator',
  manager: 'opsmgr',
  type: 'full_time',
  start: '2021-01-18',
  skills: ['Scheduling', 'Excel', 'First aid', 'Inventory control'],
  pay: salary(64000, 64000),
});
add({
  key: 'coordRno',
  site: 'RNO',
  dept: 'OPS',
  position: 'Operations Coordinator',
  manager: 'opsmgr',
  type: 'full_time',
  start: date(2019, 2023),
  skills: ['Scheduling', 'Inventory control', 'Hazmat shipping'],
  pay: salary(61000, 66000),
});
add({
  key: 'hr',
  site: 'CMH',
  dept: 'HR',
  position: 'HR Generalist',
  manager: 'gm',
  type: 'full_time',
  start: date(2017, 2022),
  skills: ['Recruiting', 'Onboarding', 'Payroll'],
  pay: salary(68000, 74000),
});
add({
  key: 'hr2',
  site: 'RNO',
  dept: 'HR',
  position: 'Recruiter',
  manager: 'hr',
  type: 'part_time',
  start: date(2022, 2025),
  skills: ['Recruiting', 'Interviewing'],
  pay: hourly(26, 30),
});

// Production (Columbus): supervisor → two line leads → operators.
add({
  key: 'prodsup',
  site: 'CMH',
  dept: 'PROD',
  position: 'Production Supervisor',
  manager: 'opsmgr',
  type: 'full_time',
  start: date(2014, 2019),
  skills: some(PROD_SKILLS, 3, 5),
  pay: salary(78000, 86000),
});
add({
  key: 'leadA',
  site: 'CMH',
  dept: 'PROD',
  position: 'Line Lead',
  manager: 'prodsup',
  type: 'full_time',
  start: date(2015, 2020),
  skills: some(PROD_SKILLS, 3, 5),
  pay: hourly(28, 32),
});
add({
  key: 'leadB',
  site: 'CMH',
  dept: 'PROD',
  position: 'Line Lead',
  manager: 'prodsup',
  type: 'full_time',
  start: date(2016, 2021),
  skills: some(PROD_SKILLS, 3, 5),
  pay: hourly(28, 32),
});
add({
  key: 'staff',
  first: 'Luis',
  last: 'Ortega',
  site: 'CMH',
  dept: 'PROD',
  position: 'Machine Operator',
  manager: 'leadA',
  type: 'full_time',
  start: '2022-09-06',
  skills: ['CNC machining', 'Lockout/tagout', 'Forklift (counterbalance)'],
  pay: hourly(23, 23),
});
for (let i = 0; i < 20; i++) {
  add({
    key: `op${i}`,
    site: 'CMH',
    dept: 'PROD',
    position: i % 3 === 2 ? 'Assembler' : 'Machine Operator',
    manager: i % 2 ? 'leadB' : 'leadA',
    type: i % 7 === 6 ? 'temporary' : i % 5 === 4 ? 'part_time' : 'full_time',
    start: date(2016, 2026),
    skills: some(PROD_SKILLS, 1, 4),
    pay: hourly(19, 27),
  });
}

// Maintenance (both sites).
add({
  key: 'mntsup',
  site: 'CMH',
  dept: 'MNT',
  position: 'Maintenance Supervisor',
  manager: 'opsmgr',
  type: 'full_time',
  start: date(2012, 2018),
  skills: some(MNT_SKILLS, 4, 6),
  pay: salary(82000, 90000),
});
for (let i = 0; i < 6; i++) {
  add({
    key: `tech${i}`,
    site: i < 4 ? 'CMH' : 'RNO',
    dept: 'MNT',
    position: i === 0 ? 'Maintenance Planner' : 'Maintenance Technician',
    manager: 'mntsup',
    type: i === 5 ? 'contractor' : 'full_time',
    start: date(2014, 2025),
    skills: some(MNT_SKILLS, 2, 5),
    pay: hourly(29, 41),
  });
}

// Quality, health & safety.
add({
  key: 'qhsmgr',
  site: 'CMH',
  dept: 'QHS',
  position: 'Quality & EHS Lead',
  manager: 'opsmgr',
  type: 'full_time',
  start: date(2016, 2020),
  skills: some(QHS_SKILLS, 3, 5),
  pay: salary(84000, 92000),
});
for (let i = 0; i < 4; i++) {
  add({
    key: `qi${i}`,
    site: i < 3 ? 'CMH' : 'RNO',
    dept: 'QHS',
    position: i === 3 ? 'EHS Specialist' : 'Quality Inspector',
    manager: 'qhsmgr',
    type: 'full_time',
    start: date(2017, 2025),
    skills: some(QHS_SKILLS, 2, 4),
    pay: hourly(25, 33),
  });
}

// Warehouse & logistics (mostly Reno).
add({
  key: 'whsup',
  site: 'RNO',
  dept: 'WHS',
  position: 'Warehouse Supervisor',
  manager: 'opsmgr',
  type: 'full_time',
  start: date(2015, 2020),
  skills: some(WHS_SKILLS, 3, 5),
  pay: salary(70000, 78000),
});
add({
  key: 'whlead',
  site: 'RNO',
  dept: 'WHS',
  position: 'Shipping & Receiving Lead',
  manager: 'whsup',
  type: 'full_time',
  start: date(2017, 2022),
  skills: some(WHS_SKILLS, 3, 5),
  pay: hourly(25, 29),
});
for (let i = 0; i < 14; i++) {
  const cmh = i >= 11;
  add({
    key: `wh${i}`,
    site: cmh ? 'CMH' : 'RNO',
    dept: 'WHS',
    position:
      i % 3 === 0
        ? 'Forklift Operator'
        : i % 3 === 1
          ? 'Picker / Packer'
          : 'Shipping & Receiving Clerk',
    manager: i < 6 ? 'whlead' : 'whsup',
    type: i % 6 === 5 ? 'temporary' : i % 4 === 3 ? 'part_time' : 'full_time',
    start: date(2018, 2026),
    skills: some(WHS_SKILLS, 1, 4),
    pay: hourly(18, 25),
  });
}

export const DEMO_PEOPLE: readonly DemoPerson[] = people;
