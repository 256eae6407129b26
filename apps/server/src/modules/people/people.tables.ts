import type { StandardColumns } from '../../platform/db/types.js';

declare module '../../platform/db/types.js' {
  interface DB {
    sites: StandardColumns & {
      name: string;
      code: string;
      time_zone: string;
      address_line1: string | null;
      address_line2: string | null;
      city: string | null;
      region: string | null;
      postal_code: string | null;
      country: string | null;
      archived_at: string | null;
    };
    departments: StandardColumns & {
      name: string;
      code: string;
      description: string | null;
      archived_at: string | null;
    };
    positions: StandardColumns & {
      title: string;
      /** lower-cased title, unique per organization */
      title_key: string;
      department_id: string | null;
      description: string | null;
      archived_at: string | null;
      /** JSON array of skill/certification names a person needs to work the position */
      required_skills: string;
    };
    employees: StandardColumns & {
      employee_number: string | null;
      first_name: string;
      last_name: string;
      sort_name: string;
      email: string | null;
      phone: string | null;
      site_id: string | null;
      department_id: string | null;
      position_id: string | null;
      manager_id: string | null;
      employment_type: string;
      start_date: string | null;
      contract_hours_per_week: number | null;
      skills: string;
      pay_type: string | null;
      pay_amount_minor: number | null;
      pay_currency: string | null;
      archived_at: string | null;
    };
    employee_qualifications: StandardColumns & {
      employee_id: string;
      name: string;
      /** lower-cased name, unique per employee */
      name_key: string;
      issued_on: string | null;
      /** last date it is valid on; null = does not expire */
      expires_on: string | null;
      note: string | null;
    };
  }
}
