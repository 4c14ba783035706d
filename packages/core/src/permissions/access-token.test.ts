import { describe, expect, it } from 'vitest';
import {
  type AccessTokenEvaluation,
  evaluateAccessToken,
  personalAccountTenantId,
} from './access-token.js';
import type { JwtClaims } from './jwt.js';
import type { SubscriptionOperation } from './types.js';

const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
const graph = 'https://graph.microsoft.com';

function evaluate(
  claims: JwtClaims,
  resource: string,
  operation?: SubscriptionOperation,
  now?: Date,
): AccessTokenEvaluation {
  const result = evaluateAccessToken(claims, resource, operation, now ? { now } : {});
  if (!result.ok) throw result.error;
  return result.value;
}

describe('evaluateAccessToken', () => {
  it('reads delegated work tokens from scp and reports matched, excess and unrelated', () => {
    const claims = { aud: graph, tid: tenant, scp: 'User.Read Mail.Read Mail.ReadBasic openid' };
    const verdict = evaluate(claims, 'me/messages');
    expect(verdict).toMatchObject({
      permissionType: 'delegatedWork',
      accepted: true,
      matched: 'Mail.ReadBasic',
      leastPrivileged: 'Mail.ReadBasic',
      excess: ['Mail.Read'],
      unrelated: ['User.Read', 'openid'],
      reason: undefined,
      warnings: [],
    });
  });

  it('matches the least privileged permission held, which may not be the least overall', () => {
    const verdict = evaluate({ aud: graph, scp: 'Mail.Read' }, 'me/messages');
    expect([verdict.matched, verdict.leastPrivileged, verdict.excess]).toEqual([
      'Mail.Read',
      'Mail.ReadBasic',
      [],
    ]);
  });

  it('reads application tokens from roles', () => {
    const verdict = evaluate({ aud: graph, roles: ['Chat.Read.All'] }, 'chats/{id}/messages');
    expect([verdict.permissionType, verdict.accepted, verdict.matched]).toEqual([
      'application',
      true,
      'Chat.Read.All',
    ]);
  });

  it('never assumes that a broader permission works', () => {
    const verdict = evaluate({ roles: ['Chat.ReadWrite.All'] }, 'chats/{id}/messages');
    expect(verdict.accepted).toBe(false);
    expect(verdict.unrelated).toEqual(['Chat.ReadWrite.All']);
    expect(verdict.reason).toBe('the token holds none of the accepted permissions: Chat.Read.All');
    const create = evaluate({ roles: ['Files.ReadWrite.All'] }, 'drives/{id}/root', 'create');
    expect(create.accepted).toBe(false);
    expect(evaluate({ roles: ['Files.ReadWrite.All'] }, 'drives/{id}/root').accepted).toBe(true);
  });

  it('recognises personal accounts by their tenant', () => {
    const claims = { tid: personalAccountTenantId, scp: 'Files.ReadWrite offline_access' };
    const drive = evaluate(claims, 'me/drive/root');
    expect([drive.permissionType, drive.accepted, drive.required?.rule.resourceType]).toEqual([
      'delegatedPersonal',
      true,
      "driveItem (user's personal OneDrive)",
    ]);
    const broader = evaluate({ ...claims, scp: 'Files.ReadWrite.All' }, 'me/drive/root');
    expect(broader.accepted).toBe(false);
  });

  it('explains a permission type the table does not support', () => {
    const claims = { tid: personalAccountTenantId, scp: 'Presence.Read.All' };
    const verdict = evaluate(claims, 'communications/presences/{id}');
    expect(verdict.accepted).toBe(false);
    expect(verdict.reason).toBe('delegatedPersonal permissions cannot reauthorize presence');
    const app = evaluate({ roles: ['Group.Read.All'] }, 'groups/{id}/conversations');
    expect(app.reason).toBe('application permissions cannot reauthorize group conversation');
  });

  it('explains an operation whose table has no row for the resource', () => {
    const verdict = evaluate({ scp: 'Tasks.ReadWrite' }, 'me/tasks/lists/{id}/tasks', 'create');
    expect(verdict.reason).toBe('Graph documents no create permissions for baseTask');
    expect(evaluate({ scp: 'Tasks.ReadWrite' }, 'me/tasks/lists/{id}/tasks').accepted).toBe(true);
  });

  it('accepts resource-specific consent permissions and lists them as alternatives', () => {
    const resource = 'teams/{id}/channels/{id}/messages';
    const rsc = evaluate({ roles: ['ChannelMessage.Read.Group'] }, resource);
    expect([rsc.accepted, rsc.matched, rsc.leastPrivileged]).toEqual([
      true,
      'ChannelMessage.Read.Group',
      'ChannelMessage.Read.All',
    ]);
    const none = evaluate({ roles: ['Team.ReadBasic.All'] }, resource);
    expect(none.resourceSpecificConsent).toEqual(['ChannelMessage.Read.Group']);
  });

  it('lets scp decide when a delegated token also carries app roles', () => {
    const verdict = evaluate({ scp: 'Calendars.Read', roles: ['Admin'] }, 'me/events');
    expect([verdict.permissionType, verdict.accepted]).toEqual(['delegatedWork', true]);
  });

  it('compares names without regard to case but reports the documented spelling', () => {
    const verdict = evaluate({ scp: 'calendars.read' }, 'me/events');
    expect([verdict.accepted, verdict.matched]).toEqual([true, 'Calendars.Read']);
  });

  it('uses the operation table: list accepts Subscription.Read.All for delegated callers', () => {
    const claims = { scp: 'Subscription.Read.All' };
    expect(evaluate(claims, 'me/messages', 'list').accepted).toBe(true);
    expect(evaluate(claims, 'me/messages').accepted).toBe(false);
  });

  it('gives no permission type to a token without scp or roles', () => {
    const verdict = evaluate({ aud: graph, scp: '', roles: 'Mail.Read' }, 'me/messages');
    expect(verdict).toMatchObject({
      permissionType: undefined,
      accepted: false,
      required: undefined,
    });
    expect(verdict.reason).toMatch(/neither scp/);
    const junk = evaluateAccessToken(null as unknown as JwtClaims, 'me/messages');
    expect(junk.ok && junk.value.accepted).toBe(false);
  });

  it('warns about another audience and, given the time, about expiry', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    const seconds = now.getTime() / 1000;
    const claims = { aud: 'api://my-api', scp: 'Mail.Read', exp: seconds - 1, nbf: seconds - 60 };
    const verdict = evaluate(claims, 'me/messages', 'reauthorize', now);
    expect(verdict.warnings.map(({ code }) => code)).toEqual(['audience', 'expired']);
    const graphId = { aud: '00000003-0000-0000-c000-000000000000', scp: 'Mail.Read' };
    expect(evaluate(graphId, 'me/messages').warnings).toEqual([]);
    const early = { aud: `${graph}/`, scp: 'Mail.Read', nbf: seconds + 60 };
    expect(evaluate(early, 'me/messages', 'reauthorize', now).warnings.map((w) => w.code)).toEqual([
      'not-yet-valid',
    ]);
  });

  it('returns the unknown-resource failure for an unknown resource', () => {
    const result = evaluateAccessToken({ scp: 'Mail.Read' }, 'me/mesages');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.suggestions[0]).toBe('me/messages');
  });
});
