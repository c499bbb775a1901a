// CPR numbers: DDMMYY-SSSS (the dash is optional on input). The 7th digit with the year gives the
// century (CPR-kontoret's table). Modulus 11 is not checked: numbers without it are issued since 2007.

export function birthDateOfCpr(cpr: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/.exec(cpr);
  if (!m) return undefined;
  const [, dd, mm, yy, seventh] = m as unknown as [string, string, string, string, string];
  const year2 = Number(yy);
  const s = Number(seventh);
  let century: number;
  if (s <= 3) century = 1900;
  else if (s === 4 || s === 9) century = year2 <= 36 ? 2000 : 1900;
  else century = year2 <= 57 ? 2000 : 1800;
  const year = century + year2;
  const month = Number(mm);
  const day = Number(dd);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${mm}-${dd}`;
}
