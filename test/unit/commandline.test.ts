// Console line parsing: words, name=value options, quotes and flags.
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/runtime/commandline.ts';

describe('parseLine', () => {
  it.each([
    ['carrier list', ['carrier', 'list'], {}],
    ['carrier add name="Primary trunk" sip_address=sip.example.com:5060', ['carrier', 'add'], { name: 'Primary trunk', sip_address: 'sip.example.com:5060' }],
    ["carrier show 'Beta Voice'", ['carrier', 'show', 'Beta Voice'], {}],
    ['carrier edit Acme password=', ['carrier', 'edit', 'Acme'], { password: '' }],
    ['carrier sync --all --dry-run', ['carrier', 'sync'], { all: 'yes', dry_run: 'yes' }],
    ['x notes="say \\"hi\\""', ['x'], { notes: 'say "hi"' }],
    ['x "a=b"', ['x', 'a=b'], {}],
    ['x url=a=b', ['x'], { url: 'a=b' }],
    ['x Name=Acme', ['x'], { name: 'Acme' }],
    ['x --agent-name=bot', ['x'], { agent_name: 'bot' }],
  ])('%s', (line, words, options) => {
    expect(parseLine(line)).toEqual({ words, options });
  });

  it('refuses an unclosed quote and a repeated option', () => {
    expect(() => parseLine('carrier add name="Acme')).toThrow(/Unclosed " quote/);
    expect(() => parseLine('x a=1 a=2')).toThrow(/given twice/);
  });
});
