import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceCases } from '../../test/permissions-resources.js';
import { LifelineError } from '../errors.js';
import { knownResourceTemplates, resolveSubscriptionResource } from './resolve.js';
import { UnknownResourceError } from './unknown-resource-error.js';

describe('resolveSubscriptionResource', () => {
  it('has at least 60 cases, negative ones included', () => {
    expect(resourceCases.length).toBeGreaterThanOrEqual(60);
    expect(resourceCases.filter(([, ids]) => ids === null).length).toBeGreaterThanOrEqual(10);
  });

  it.each(resourceCases)('resolves %j to exactly %j', (resource, ids) => {
    const result = resolveSubscriptionResource(resource);
    if (ids === null) {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result.ok ? result.value.rules.map(({ id }) => id) : result.error.message).toEqual(ids);
  });

  it('reports the template that matched and the normalised segments', () => {
    const result = resolveSubscriptionResource(
      "/Me/MailFolders('Inbox')/childFolders('x')/messages/",
    );
    expect(result.ok && result.value.template).toBe(
      'users/{id}/mailFolders/{folderId}/childFolders/{childFolderId}/messages',
    );
    expect(result.ok && result.value.segments).toEqual([
      'users',
      'me',
      'MailFolders',
      'Inbox',
      'childFolders',
      'x',
      'messages',
    ]);
  });

  it('fails with a typed error and the closest known paths, written the way the caller wrote', () => {
    const result = resolveSubscriptionResource('me/mesages');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(UnknownResourceError);
    expect(LifelineError.isInstance(result.error)).toBe(true);
    expect(result.error.code).toBe('ERR_UNKNOWN_RESOURCE');
    expect(result.suggestions[0]).toBe('me/messages');
    expect(result.error.suggestions).toEqual(result.suggestions);
    expect(result.error.message).toContain('me/mesages');
  });

  it('suggests the drive root for the drive itself and the documented path for a typo', () => {
    const drive = resolveSubscriptionResource('me/drive');
    expect(drive.ok ? [] : drive.suggestions[0]).toBe('me/drive/root');
    const typo = resolveSubscriptionResource('teams/getAllChanels/getAllMembers');
    expect(typo.ok ? [] : typo.suggestions[0]).toBe('teams/getAllChannels/getAllMembers');
    const chats = resolveSubscriptionResource('users/{id}/chat');
    expect(chats.ok ? [] : chats.suggestions[0]).toBe('users/{id}/chats');
  });

  it('says an empty resource is empty and suggests nothing', () => {
    const result = resolveSubscriptionResource('  ');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error.message).toMatch(/is empty/);
    expect(result.ok ? [1] : result.suggestions).toEqual([]);
  });

  it('resolves every known template to a rule', () => {
    for (const template of knownResourceTemplates()) {
      expect(resolveSubscriptionResource(template).ok, template).toBe(true);
    }
  });

  it('never throws, whatever the input', () => {
    const segment = fc.constantFrom('me', 'users', "('x')", 'chats', '(', ')', "'", '?', '%', '/');
    const pieces = fc.array(fc.oneof(fc.string(), segment), { maxLength: 12 });
    fc.assert(
      fc.property(pieces, (parts) => {
        const result = resolveSubscriptionResource(parts.join(''));
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
