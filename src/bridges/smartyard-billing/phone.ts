/**
 * Phones as SmartYard's app asks with them: the signed-in number, 11 digits with the Russian
 * trunk prefix 8 (`89101234567`; the seed's `891009999999` example, and the app's own
 * `'7' + phone[1:]` conversion elsewhere, agree on the leading 8). Every written form of a
 * Russian mobile (+7 910 …, 7910…, 8 (910) …, 910…) becomes that; other numbers keep their digits.
 */
export function normalisePhone(input: string): string | null {
  // An extension or a comment after the number is not part of it.
  const head = input.replace(/(доб|ext|x|#).*$/iu, '');
  if (/[^\d\s+\-().]/u.test(head)) return null;
  const d = head.replace(/\D+/g, '');
  if (d.length === 11 && (d[0] === '7' || d[0] === '8')) return `8${d.slice(1)}`;
  if (d.length === 10 && d[0] === '9') return `8${d}`;
  return d.length >= 5 && d.length <= 15 ? d : null;
}
