// DIDs, bots, access, audit and help end to end through the console adapter (and as chat users through the dispatcher).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReply, createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ TRUNKOPS_ADMINS: 'slack:UADMIN' });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Zeta sip_address=zeta.example:5080', 'bot add "Sales bot" agent_name=sales-agent']);
});
afterAll(async () => h?.close());

describe('phone numbers', () => {
  it('adds numbers, normalises them and keeps them unique across carriers', async () => {
    const { output, result } = await h.script([
      'did add carrier=Acme number="+1 (415) 555-0100"',
      'did add carrier=Acme number="+1 415.555.0100" label="Sales line" bot="Sales bot"',
      'did add carrier=Zeta number=+14155550100',
      'did add carrier=Zeta number=09123456789 direction=outbound',
      'did add carrier=Zeta number=+442079460000 direction=outbound bot="Sales bot"',
      'did add carrier=Zeta number=+442079460001 direction=inbound bot=Nobody',
    ]);
    expect(output).toContain('Phone number: use digits with an optional leading +');
    expect(output).toContain('+1 415.555.0100 added to Acme.');
    expect(output).toContain('+1 415.555.0100 is already on carrier "Acme"');
    expect(output).toContain('09123456789 added to Zeta.');
    expect(output).toContain('Bot: outbound numbers never receive calls');
    expect(output).toContain('Bot: no bot named "Nobody"');
    expect(result.failed).toBe(4);
    expect(await h.db.query('select number, number_normalized, direction from dids order by number_normalized')).toEqual([
      { number: '+1 415.555.0100', number_normalized: '+14155550100', direction: 'both' },
      { number: '09123456789', number_normalized: '09123456789', direction: 'outbound' },
    ]);
  });

  it('lists by carrier and by direction (outbound = every number that can dial out)', async () => {
    await h.script(['did add carrier=Zeta number=+442079460002 direction=inbound']);
    const { output } = await h.script(['did list', 'did list Zeta', 'did list direction=outbound', 'did list Acme direction=inbound']);
    const sections = output.split('trunkops> ').slice(1);
    expect(sections[0]).toContain('Phone numbers (3)');
    expect(sections[1]).toMatch(/Phone numbers on Zeta \(2\)/);
    expect(sections[2]).toMatch(/\(2\)[\s\S]*\+1 415\.555\.0100[\s\S]*09123456789/);
    expect(sections[2]).not.toContain('+442079460002');
    expect(sections[3]).toMatch(/\(1\)[\s\S]*Sales bot/);
  });

  it('edits label, direction and bot; the number itself is fixed', async () => {
    const { output } = await h.script([
      'did edit +14155550100 label="Main line" direction=outbound',
      'did edit +14155550100 number=+14155550199',
      'did edit +14155550100 direction=inbound bot="Sales bot"',
    ]);
    expect(output).toContain('The bot assignment was removed: outbound numbers never receive calls.');
    expect(output).toContain('`did edit` got number twice: "+14155550100" and number=+14155550199. Give it once.');
    expect(await h.db.query("select count(*)::int as n from dids where number_normalized = '+14155550199'")).toEqual([{ n: 0 }]);
    expect(output).toMatch(/\+1 415\.555\.0100\s+Acme\s+Main line\s+inbound\s+Sales bot/);
  });

  it('shows "Bot not found" after the bot is removed', async () => {
    const { output } = await h.script(['bot list', 'bot remove "Sales bot"', 'yes', 'did list Acme', 'carrier show Acme']);
    expect(output).toMatch(/Sales bot\s+sales-agent\s+1/);
    expect(output).toContain('1 number (+1 415.555.0100) route inbound calls to it');
    expect(output).toContain('Bot "Sales bot" removed. 1 number now show');
    expect(output).toMatch(/\+1 415\.555\.0100\s+Acme\s+Main line\s+inbound\s+Bot not found/);
  });

  it('removes a number after confirmation', async () => {
    const { output } = await h.script(['did remove 09123456789', 'yes', 'did remove 0000000', 'did list Zeta']);
    expect(output).toContain('09123456789 removed from Zeta.');
    expect(output).toContain('No phone number 0000000');
    expect(output).not.toMatch(/trunkops> did list Zeta[\s\S]*09123456789/);
  });
});

describe('bots', () => {
  it('validates the agent name and refuses duplicates', async () => {
    const { output } = await h.script(['bot add Support agent_name="has space"', 'bot add Support agent_name=support', 'bot add support agent_name=other', 'bot list']);
    expect(output).toContain('Agent name: use 1–64 letters, digits');
    expect(output).toContain('Name: a bot named "support" already exists');
    expect(output).toMatch(/Support\s+support\s+0/);
  });
});

describe('access', () => {
  it('refuses a caller without a role, naming the role', async () => {
    const r = asReply(await h.as('slack:UNOBODY', ['carrier', 'list']));
    expect(r.ephemeral).toBe(true);
    expect(r.text).toContain('`carrier list` needs the viewer role, and you have no trunkops role yet');
  });

  it('lets a config admin grant roles to users and groups, and a viewer cannot delete', async () => {
    expect(asReply(await h.as('slack:UADMIN', ['access', 'grant'], { principal: '<@UVIEW|vera>', role: 'viewer' })).text).toBe('slack:UVIEW is now viewer.');
    expect(asReply(await h.as('slack:UADMIN', ['access', 'grant'], { principal: 'slack-group:SNOC', role: 'admin' })).tone).toBe('ok');
    const viewerList = asReply(await h.as('slack:UVIEW', ['carrier', 'list']));
    expect(viewerList.table?.rows.map((r) => r[0])).toEqual(['Acme', 'Zeta']);
    const refused = asReply(await h.as('slack:UVIEW', ['carrier', 'delete'], { carrier: 'Acme', confirm: 'yes' }));
    expect(refused.text).toBe('`carrier delete` needs the admin role; you are viewer. Ask an admin if you need it.');
    expect(await h.db.query("select count(*)::int as n from carriers where name = 'Acme'")).toEqual([{ n: 1 }]);
    // Membership of a granted group is enough.
    const viaGroup = await h.as('slack:UGROUPIE', ['carrier', 'delete'], { carrier: 'Zeta' }, { user: { id: 'slack:UGROUPIE', groups: ['slack-group:SNOC'] } });
    expect(viaGroup.type).toBe('confirm');
  });

  it('lists and revokes grants; config admins cannot be revoked', async () => {
    const { output } = await h.script(['access list', 'access revoke slack:UVIEW', 'access revoke slack:UADMIN', 'access revoke slack:UGHOST', 'access grant bogus role=admin']);
    expect(output).toMatch(/slack:UADMIN\s+admin\s+configuration \(TRUNKOPS_ADMINS\)/);
    expect(output).toMatch(/slack:UVIEW\s+viewer\s+slack:UADMIN/);
    expect(output).toContain('slack:UVIEW no longer has the viewer role.');
    expect(output).toContain('is an admin through TRUNKOPS_ADMINS');
    expect(output).toContain('slack:UGHOST has no grant to revoke');
    expect(output).toContain('Principal: use platform:id');
    expect(asReply(await h.as('slack:UVIEW', ['carrier', 'list'])).tone).toBe('error');
  });
});

describe('audit and help', () => {
  it('records who did what, where, with before and after, also for a deleted carrier', async () => {
    await h.script(['carrier edit Zeta channels=45', 'carrier delete Zeta', 'yes']);
    const { output } = await h.script(['audit Zeta', 'audit limit=3']);
    expect(output).toMatch(/Audit: Zeta[\s\S]*carrier\.delete[\s\S]*carrier\.edit\s+Zeta\s+channels: 30 → 45/);
    expect(output).toContain('local (console:local)  console');
    const rows = await h.db.query("select actor_platform, actor_id, action from audit_log where action = 'access.grant' order by id");
    expect(rows).toEqual([
      { actor_platform: 'slack', actor_id: 'slack:UADMIN', action: 'access.grant' },
      { actor_platform: 'slack', actor_id: 'slack:UADMIN', action: 'access.grant' },
    ]);
  });

  it('lists every command from the specs and explains one', async () => {
    const { output } = await h.script(['help', 'help carrier add', 'help did']);
    for (const c of ['carrier list', 'carrier contacts add', 'did edit', 'bot remove', 'access grant', 'audit', 'help']) expect(output).toContain(c);
    expect(output).toMatch(/sip_address\s+yes\s+Trunk endpoint host\[:port\]/);
    expect(output).toMatch(/transport\s+no\s+auto, udp, tcp or tls/);
  });
});
