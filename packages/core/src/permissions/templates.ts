/**
 * The `resource` path templates behind each permission rule. Rows of the reauthorize table that
 * carry a scenario path use it; rows labelled only by resource type use the paths that Graph's
 * change-notification pages document for that type.
 *
 * Sources (microsoftgraph/microsoft-graph-docs-contrib):
 * `concepts/change-notifications-overview.md`,
 * `concepts/includes/change-notifications-supported-resources-expanded.md` and
 * `api-reference/v1.0/api/subscription-post-subscriptions.md`, rendered at
 * https://learn.microsoft.com/graph/change-notifications-overview#supported-resources
 *
 * Templates are written relative to the version root, without a leading slash. `{…}` matches any
 * one segment; `me` is rewritten to `users/me` before matching, so `users/{id}/…` covers both.
 *
 * @module
 */

/** How deep `mailFolders/{id}/childFolders/{id}/…` nesting is recognised. */
const childFolderDepth = 8;

function messageFolderTemplates(): string[] {
  const templates = ['users/{id}/messages', 'users/{id}/mailFolders/{folderId}/messages'];
  let folder = 'users/{id}/mailFolders/{folderId}';
  for (let depth = 1; depth <= childFolderDepth; depth += 1) {
    folder += '/childFolders/{childFolderId}';
    templates.push(`${folder}/messages`);
  }
  return templates;
}

const virtualEventTenantTemplates = [
  'solutions/virtualEvents/events',
  'solutions/virtualEvents/events/getEventsFromOrganizers/{organizerIds}',
];

/**
 * Templates for the rows the table labels by resource type only, keyed by rule id.
 * Entries marked "inferred" are shapes Graph accepts for that type that the pages above do not
 * list in their path tables.
 */
export const typeTemplates: Readonly<Record<string, readonly string[]>> = {
  // Inferred: the deprecated Outlook tasks API listed tasks under /me/outlook/tasks and
  // /me/tasks/lists/{id}/tasks; current pages no longer document its subscription path.
  baseTask: ['users/{id}/tasks/lists/{baseTaskListId}/tasks'],
  callRecord: ['communications/callRecords'],
  // Inferred: contact folders, like mail folders, hold the same resource.
  contact: ['users/{id}/contacts', 'users/{id}/contactFolders/{contactFolderId}/contacts'],
  // A personal OneDrive accepts any folder; OneDrive for Business only its root folder. Neither
  // accepts a single file or the drive itself.
  // See https://learn.microsoft.com/graph/api/resources/driveitem
  "driveItem (user's personal OneDrive)": [
    'users/{id}/drive/root',
    'users/{id}/drive/items/{folderId}',
    'drives/{driveId}/items/{folderId}',
  ],
  'driveItem (OneDrive for Business)': ['users/{id}/drive/root', 'drives/{driveId}/root'],
  // Inferred: the default calendar and a named calendar hold the same events.
  event: [
    'users/{id}/events',
    'users/{id}/calendar/events',
    'users/{id}/calendars/{calendarId}/events',
  ],
  group: ['groups', 'groups/{id}', 'groups/{id}/members', 'groups/{id}/owners'],
  'group conversation': ['groups/{id}/conversations'],
  list: ['sites/{siteId}/lists/{listId}'],
  message: messageFolderTemplates(),
  // v1.0 filters by join URL in the query string; newer pages key the meeting by it.
  'online meeting': [
    'communications/onlineMeetings',
    'communications/onlineMeetings/{joinWebUrl}/meetingCallEvents',
  ],
  presence: ['communications/presences', 'communications/presences/{id}'],
  printer: ['print/printers/{printerId}/jobs'],
  // The create page and the overview spell this path differently; both are recognised.
  printTaskDefinition: [
    'print/taskDefinitions/{taskDefinitionId}/tasks',
    'print/printTaskDefinition/{taskDefinitionId}/tasks',
  ],
  'security alert': ['security/alerts', 'security/alerts/{alertId}'],
  todoTask: ['users/{id}/todo/lists/{todoTaskListId}/tasks'],
  user: ['users', 'users/{id}'],
  // Only the create, update and delete tables have virtual events. Tenant-wide event paths are
  // shared by both rows; townhall paths are inferred from the webinar ones.
  // See https://learn.microsoft.com/graph/changenotifications-for-virtualevent
  virtualEventWebinar: [
    'solutions/virtualEvents/webinars/{webinarId}',
    'solutions/virtualEvents/webinars/{webinarId}/getAttendanceReports',
    'solutions/virtualEvents/webinars/{webinarId}/sessions',
    'solutions/virtualEvents/webinars/{webinarId}/registrations',
    ...virtualEventTenantTemplates,
  ],
  virtualEventTownhall: [
    'solutions/virtualEvents/townhalls/{townhallId}',
    'solutions/virtualEvents/townhalls/{townhallId}/sessions',
    ...virtualEventTenantTemplates,
  ],
};

/**
 * Extra spellings of documented scenario paths, keyed by rule id. The table writes
 * `/chats/getAllMessages.` with a stray period; the resource Graph accepts has none.
 */
export const pathAliases: Readonly<Record<string, readonly string[]>> = {
  'chatMessage /chats/getAllMessages.': ['chats/getAllMessages'],
};

/** Writes a template or documented path the way templates are stored: no leading slash. */
export function templateForm(path: string): string {
  return path.replace(/^\/+/, '');
}

/**
 * Every template for a rule: its documented scenario path, the aliases of that path, and the
 * type templates, in that order.
 */
export function templatesFor(ruleId: string, path: string | undefined): readonly string[] {
  const documented = path === undefined ? [] : [templateForm(path)];
  return [...documented, ...(pathAliases[ruleId] ?? []), ...(typeTemplates[ruleId] ?? [])];
}
