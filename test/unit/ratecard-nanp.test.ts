// The NANP area-code table (src/ratecards/nanp.ts) and the US jurisdiction it decides: table sanity, known samples,
// non-geographic codes, and usJurisdiction over US, territory, Canadian, Caribbean and unknown ends.
import { describe, expect, it } from 'vitest';
import { usJurisdiction } from '../../src/core/ratecards/pricing.ts';
import { allNpaRegions, nanpAreaCode, nanpRegion, npaRegion, npaUnknownReason } from '../../src/ratecards/nanp.ts';

const US_CODES = 'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU MP AS'.split(' ');

describe('NANP table', () => {
  const all = allNpaRegions();

  it('has every NPA once, shaped N[0-8]X, never an N11 service code', () => {
    expect(new Set(all.map((r) => r.npa)).size).toBe(all.length);
    for (const r of all) {
      expect(r.npa).toMatch(/^[2-9][0-8]\d$/);
      expect(r.npa.slice(1)).not.toBe('11');
    }
    expect(all.length).toBeGreaterThan(440);
  });

  it('covers every state, DC and territory, and only those, for the US', () => {
    const us = new Set(all.filter((r) => r.country === 'US').map((r) => r.code));
    expect([...us].sort()).toEqual([...US_CODES].sort());
    const ca = new Set(all.filter((r) => r.country === 'CA').map((r) => r.code));
    expect([...ca].sort()).toEqual(['AB', 'BC', 'MB', 'NB', 'NL', 'NS/PE', 'ON', 'QC', 'SK', 'YT/NT/NU']);
    for (const r of all.filter((x) => x.country !== 'US' && x.country !== 'CA')) expect(r.code).toBe(r.country);
  });

  it.each([
    ['212', 'US', 'NY'],
    ['415', 'US', 'CA'],
    ['305', 'US', 'FL'],
    ['202', 'US', 'DC'],
    ['787', 'US', 'PR'],
    ['939', 'US', 'PR'],
    ['340', 'US', 'VI'],
    ['671', 'US', 'GU'],
    ['684', 'US', 'AS'],
    ['310', 'US', 'CA'],
    ['738', 'US', 'CA'],
    ['945', 'US', 'TX'],
    ['472', 'US', 'NC'],
    ['826', 'US', 'VA'],
    ['728', 'US', 'FL'],
    ['835', 'US', 'PA'],
    ['227', 'US', 'MD'],
    ['353', 'US', 'WI'],
    ['983', 'US', 'CO'],
    ['679', 'US', 'MI'],
    ['416', 'CA', 'ON'],
    ['902', 'CA', 'NS/PE'],
    ['867', 'CA', 'YT/NT/NU'],
    ['514', 'CA', 'QC'],
    ['876', 'JM', 'JM'],
    ['658', 'JM', 'JM'],
    ['242', 'BS', 'BS'],
    ['809', 'DO', 'DO'],
  ])('%s is in %s %s', (npa, country, code) => {
    expect(npaRegion(npa)).toMatchObject({ npa, country, code });
  });

  it.each([
    ['800', 'toll-free'],
    ['888', 'toll-free'],
    ['833', 'toll-free'],
    ['500', 'non-geographic (personal communications)'],
    ['600', 'non-geographic (Canada)'],
    ['700', 'non-geographic (carrier services)'],
    ['710', 'non-geographic (US government)'],
    ['900', 'non-geographic (premium rate)'],
    ['456', 'non-geographic (inbound international)'],
    ['999', 'not an assigned geographic area code'],
    ['211', 'not an assigned geographic area code'],
  ])('%s is unknown: %s', (npa, reason) => {
    expect(npaRegion(npa)).toBeUndefined();
    expect(npaUnknownReason(npa)).toBe(reason);
  });

  it('reads the area code of a NANP number, ignoring + and spacing', () => {
    expect(nanpAreaCode('+1 (212) 555-0100')).toBe('212');
    expect(nanpAreaCode('14155550100')).toBe('415');
    expect(nanpAreaCode('4155550100')).toBeUndefined(); // no country code
    expect(nanpAreaCode('+442079460000')).toBeUndefined();
    expect(nanpAreaCode('+14151550100')).toBeUndefined(); // exchange may not start with 1
    expect(nanpRegion('+14165550100')).toMatchObject({ country: 'CA', code: 'ON' });
    expect(nanpRegion('+18005550100')).toBeUndefined();
  });
});

describe('usJurisdiction', () => {
  it.each([
    // [callee, caller, kind, why]
    ['13105550100', '12125550100', 'inter', 'caller 212 (NY) and callee 310 (CA) are in different states'],
    ['14155550100', '14155559999', 'intra', 'both numbers are in area code 415 (CA)'],
    ['13105550100', '14155550100', 'intra', 'caller 415 (CA) and callee 310 (CA) are in the same state'],
    ['16465550100', '17185550100', 'intra', 'caller 718 (NY) and callee 646 (NY) are in the same state'],
    ['12025550100', '17035550100', 'inter', 'caller 703 (VA) and callee 202 (DC) are in different states'],
    ['17875550100', '19395550100', 'intra', 'caller 939 (PR) and callee 787 (PR) are in the same state'],
    ['17875550100', '13055550100', 'inter', 'caller 305 (FL) and callee 787 (PR) are in different states'],
    ['14165550100', '12125550100', 'indeterminate', 'callee 416 is in Canada (ON); interstate and intrastate rates apply only between two US numbers'],
    ['12125550100', '16045550100', 'indeterminate', 'caller 604 is in Canada (BC); interstate and intrastate rates apply only between two US numbers'],
    ['14165550100', '14165559999', 'indeterminate', 'caller 416 is in Canada (ON) and callee 416 is in Canada (ON); interstate and intrastate rates apply only between two US numbers'],
    ['18765550100', '13055550100', 'indeterminate', 'callee 876 is in Jamaica (JM); interstate and intrastate rates apply only between two US numbers'],
    ['12125550100', '18005550100', 'indeterminate', 'caller area code 800 is toll-free'],
    ['18885550100', '12125550100', 'indeterminate', 'callee area code 888 is toll-free'],
    ['18005550100', '18005559999', 'indeterminate', 'caller area code 800 is toll-free and callee area code 800 is toll-free'],
    ['12125550100', '19995550100', 'indeterminate', 'caller area code 999 is not an assigned geographic area code'],
    ['12125550100', undefined, 'indeterminate', 'no caller number given (from=…)'],
    ['12125550100', '442079460000', 'indeterminate', 'the caller is not a NANP number'],
    ['442079460000', '12125550100', 'indeterminate', 'the number is not a US/Canada (NANP) number'],
  ] as const)('callee %s from %s → %s', (callee, caller, kind, why) => {
    expect(usJurisdiction(callee, caller)).toEqual({ kind, why });
  });
});
