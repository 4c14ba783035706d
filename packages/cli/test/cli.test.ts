// The commands that need no Graph: the overview, permissions and check-token, run as the built
// binary.
import { describe, expect, it } from 'vitest';
import { lifeline } from './support/run.js';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function jwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2lnbmF0dXJl`;
}

const graph = 'https://graph.microsoft.com';

describe('lifeline', () => {
  it('prints its version and an overview that lists the commands', async () => {
    const version = await lifeline(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.0.0\n' });
    const help = await lifeline(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/permissions +show the permissions/);
    expect(help.stdout).toMatch(/check-token +check whether/);
    for (const name of ['reauthorize', 'renew', 'list', 'serve', 'emulator', 'demo']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
      const own = await lifeline([name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain('Examples');
      expect(own.stdout).toContain('Exit codes');
    }
    expect((await lifeline([])).stdout).toBe(help.stdout);
  });

  it('rejects an unknown command or option with one line on stderr and exit 2', async () => {
    const unknown = await lifeline(['renw']);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'lifeline: unknown command "renw" (see lifeline --help)\n',
    });
    const option = await lifeline(['permissions', 'me/messages', '--frob']);
    expect(option).toMatchObject({
      code: 2,
      stderr: 'lifeline permissions: unknown option --frob\n',
    });
  });
});

describe('lifeline permissions', () => {
  it('prints one JSON object with --type', async () => {
    const run = await lifeline([
      'permissions',
      'chats/19:a@thread.v2',
      '--type',
      'application',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      resource: 'chats/19:a@thread.v2',
      rule: { resourceType: 'chat', path: '/chats/{id}', description: 'A particular chat.' },
      operation: 'reauthorize',
      permissionType: 'application',
      supported: true,
      leastPrivileged: 'Chat.ReadBasic.All',
      accepted: [
        'ChatSettings.Read.Chat',
        'ChatSettings.ReadWrite.Chat',
        'Chat.Manage.Chat',
        'Chat.ReadBasic.All',
        'Chat.Read.All',
        'Chat.ReadWrite.All',
      ],
      resourceSpecificConsent: [
        'ChatSettings.Read.Chat',
        'ChatSettings.ReadWrite.Chat',
        'Chat.Manage.Chat',
      ],
    });
  });

  it('prints an array, one object per permission type, without --type', async () => {
    const run = await lifeline(['permissions', "/me/mailFolders('Inbox')/messages", '--json']);
    const values = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(values.map((value) => [value.permissionType, value.leastPrivileged])).toEqual([
      ['delegatedWork', 'Mail.ReadBasic'],
      ['delegatedPersonal', 'Mail.ReadBasic'],
      ['application', 'Mail.Read'],
    ]);
    expect(values[0]?.rule).toEqual({ resourceType: 'message', path: null, description: null });
  });

  it('writes null for an unsupported permission type and honours --operation', async () => {
    const presence = await lifeline([
      'permissions',
      'communications/presences/{id}',
      '-t',
      'application',
      '--json',
    ]);
    expect(JSON.parse(presence.stdout)).toMatchObject({
      supported: false,
      leastPrivileged: null,
      accepted: [],
    });
    const create = await lifeline([
      'permissions',
      'me/drive/root',
      '--type',
      'delegatedPersonal',
      '--operation',
      'create',
      '--json',
    ]);
    expect(JSON.parse(create.stdout)).toMatchObject({
      operation: 'create',
      accepted: ['Files.Read'],
      rule: { resourceType: "driveItem (user's personal OneDrive)" },
    });
  });

  it('prints a readable table', async () => {
    const run = await lifeline(['permissions', 'teams/{id}/channels/{id}/messages']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rule       chatMessage /teams/{id}/channels/{id}/messages');
    expect(run.stdout).toMatch(/^PERMISSION TYPE +LEAST PRIVILEGED +ACCEPTED$/m);
    expect(run.stdout).toMatch(
      /^application +ChannelMessage\.Read\.All +ChannelMessage\.Read\.Group\*, ChannelMessage\.Read\.All$/m,
    );
    expect(run.stdout).toMatch(/^delegatedPersonal +not supported$/m);
    expect(run.stdout).toContain('* resource-specific consent');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('shows which rule each permission type uses when the path is ambiguous', async () => {
    const run = await lifeline(['permissions', 'me/drive/root']);
    expect(run.stdout).toMatch(
      /^delegatedPersonal +driveItem \(user's personal OneDrive\) +Files\.ReadWrite /m,
    );
    expect(run.stdout).toMatch(
      /^delegatedWork +driveItem \(OneDrive for Business\) +Files\.ReadWrite\.All /m,
    );
  });

  it('names the closest known paths for an unknown resource and exits 2', async () => {
    const run = await lifeline(['permissions', 'me/mesages', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'lifeline permissions: no subscription permission rule matches resource "me/mesages"; closest known: me/messages, me, me/chats',
      '',
    ]);
  });

  it('rejects a bad --type, a missing resource and an extra argument', async () => {
    const type = await lifeline(['permissions', 'me/messages', '--type', 'delegated']);
    expect(type).toMatchObject({ code: 2 });
    expect(type.stderr).toMatch(/^lifeline permissions: --type must be one of delegatedWork, /);
    expect(await lifeline(['permissions'])).toMatchObject({
      code: 2,
      stderr: 'lifeline permissions: missing <resource>\n',
    });
    expect((await lifeline(['permissions', 'me/messages', 'me/events'])).code).toBe(2);
  });

  it('lists every rule with --all, as text and as JSON', async () => {
    const json = await lifeline(['permissions', '--all', '--json']);
    const rules = JSON.parse(json.stdout) as Array<{ row: number; resourceType: string }>;
    expect(rules).toHaveLength(51);
    expect(rules[36]).toMatchObject({ row: 37, resourceType: 'message' });
    const text = await lifeline(['permissions', '--all', '--operation', 'create']);
    expect(text.stdout.trim().split('\n')).toHaveLength(1 + 49);
    expect(text.stdout).toContain('virtualEventTownhall');
  });

  it('has --help with examples', async () => {
    const run = await lifeline(['permissions', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples');
    expect((await lifeline(['help', 'permissions'])).stdout).toBe(run.stdout);
  });

  it('colours a table only when allowed', async () => {
    const forced = await lifeline(['permissions', 'me/messages'], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\u001b[1m');
    const refused = await lifeline(['permissions', 'me/messages'], {
      env: { NO_COLOR: '1', FORCE_COLOR: '1' },
    });
    expect(refused.stdout).not.toContain('\u001b[');
  });
});

describe('lifeline check-token', () => {
  it('accepts a token that holds an accepted permission: exit 0, with the verdict', async () => {
    const token = jwt({ aud: graph, tid: 'x', scp: 'User.Read Mail.Read Mail.ReadBasic' });
    const run = await lifeline(['check-token', token, '--resource', 'me/messages', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      resource: 'me/messages',
      rule: { resourceType: 'message', path: null, description: null },
      operation: 'reauthorize',
      permissionType: 'delegatedWork',
      accepted: true,
      matched: 'Mail.ReadBasic',
      leastPrivileged: 'Mail.ReadBasic',
      excess: ['Mail.Read'],
      unrelated: ['User.Read'],
      resourceSpecificConsent: [],
      reason: null,
      warnings: [],
    });
  });

  it('rejects a broader permission the table does not list: exit 1, with the reason', async () => {
    const token = jwt({ aud: graph, roles: ['Chat.ReadWrite.All'] });
    const run = await lifeline(['check-token', token, '-r', 'chats/{id}/messages']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Verdict +not accepted$/m);
    expect(run.stdout).toMatch(
      /^Reason +the token holds none of the accepted permissions: Chat\.Read\.All$/m,
    );
    expect(run.stdout).not.toContain(token);
  });

  it('reads the token from stdin with -, and uses the operation table', async () => {
    const token = jwt({ aud: graph, roles: ['Files.ReadWrite.All'] });
    const create = await lifeline(
      ['check-token', '-', '-r', 'drives/{id}/root', '-o', 'create', '--json'],
      { input: token },
    );
    expect(create.code).toBe(1);
    expect(JSON.parse(create.stdout)).toMatchObject({
      leastPrivileged: 'Files.Read.All',
      operation: 'create',
    });
    const update = await lifeline(['check-token', '-', '-r', 'drives/{id}/root', '-o', 'update'], {
      input: `${token}\n`,
    });
    expect(update.code).toBe(0);
  });

  it('exits 2 on a malformed token without echoing it', async () => {
    const token = `${jwt({ scp: 'Mail.Read' })}.extra`;
    const run = await lifeline(['check-token', token, '--resource', 'me/messages']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'lifeline check-token: token: is not a compact JSON Web Token (three base64url parts)\n',
    );
    expect(run.stderr + run.stdout).not.toContain(token.split('.')[1]);
  });

  it('exits 2 on an unknown resource or a missing --resource', async () => {
    const token = jwt({ scp: 'Mail.Read' });
    const unknown = await lifeline(['check-token', token, '--resource', 'me/mesages']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('closest known: me/messages');
    expect(unknown.stderr).not.toContain(token);
    const missing = await lifeline(['check-token', token]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'lifeline check-token: missing --resource <resource>\n',
    });
  });

  it('has --help with examples', async () => {
    const run = await lifeline(['check-token', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('lifeline check-token "$TOKEN" --resource me/messages');
  });
});
