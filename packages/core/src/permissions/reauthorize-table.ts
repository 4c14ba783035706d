/**
 * The permission table of Microsoft Graph's "subscription: reauthorize" page, v1.0, exactly as
 * the page writes it: every row in the documented order, every cell's text (including the page's
 * mixed `Not supported` / `Not supported.` and the stray period in `/chats/getAllMessages.`).
 *
 * Source: `api-reference/v1.0/api/subscription-reauthorize.md` in
 * microsoftgraph/microsoft-graph-docs-contrib, rendered at
 * https://learn.microsoft.com/graph/api/subscription-reauthorize#permissions
 * A test compares this data with a copy of the page, cell by cell.
 *
 * @module
 */

/**
 * One row as written: the lines of the "Supported resource" cell (a label alone, or the resource
 * type, the scenario path and its description), then the delegated work or school, delegated
 * personal Microsoft account and application cells.
 */
export type WrittenRow = readonly [
  lines:
    | readonly [label: string]
    | readonly [resourceType: string, path: string, description: string],
  cells: readonly [delegatedWork: string, delegatedPersonal: string, application: string],
];

/** The 51 rows of the v1.0 reauthorize table, in the page's order. */
export const reauthorizeTableAsWritten: readonly WrittenRow[] = [
  [
    [
      'aiInteraction',
      'copilot/users/{userId}/interactionHistory/getAllEnterpriseInteractions',
      'Copilot AI interactions that a particular user is part of.',
    ],
    [
      'AiEnterpriseInteraction.Read',
      'Not supported.',
      'AiEnterpriseInteraction.Read.All, AiEnterpriseInteraction.Read.User',
    ],
  ],
  [
    [
      'aiInteraction',
      'copilot/interactionHistory/getAllEnterpriseInteractions',
      'Copilot AI interactions in an organization.',
    ],
    ['Not supported.', 'Not supported.', 'AiEnterpriseInteraction.Read.All'],
  ],
  [['baseTask (deprecated)'], ['Tasks.ReadWrite', 'Tasks.ReadWrite', 'Not supported.']],
  [['callRecord'], ['Not supported.', 'Not supported.', 'CallRecords.Read.All']],
  [
    [
      'callRecording',
      'communications/onlineMeetings/getAllRecordings',
      'All recordings in an organization.',
    ],
    ['Not supported.', 'Not supported.', 'OnlineMeetingRecording.Read.All'],
  ],
  [
    [
      'callRecording',
      'communications/onlineMeetings/{onlineMeetingId}/recordings',
      'All recordings for a specific meeting.',
    ],
    ['OnlineMeetingRecording.Read.All', 'Not supported.', 'OnlineMeetingRecording.Read.All'],
  ],
  [
    [
      'callRecording',
      'users/{userId}/onlineMeetings/getAllRecordings',
      'A call recording that becomes available in a meeting organized by a specific user.',
    ],
    ['OnlineMeetingRecording.Read.All', 'Not supported.', 'OnlineMeetingRecording.Read.All'],
  ],
  [
    [
      'callTranscript',
      'communications/onlineMeetings/getAllTranscripts',
      'All transcripts in an organization.',
    ],
    ['Not supported.', 'Not supported.', 'OnlineMeetingTranscript.Read.All'],
  ],
  [
    [
      'callTranscript',
      'communications/onlineMeetings/{onlineMeetingId}/transcripts',
      'All transcripts for a specific meeting.',
    ],
    ['OnlineMeetingTranscript.Read.All', 'Not supported.', 'OnlineMeetingTranscript.Read.All'],
  ],
  [
    [
      'callTranscript',
      'users/{userId}/onlineMeetings/getAllTranscripts',
      'A call transcript that becomes available in a meeting organized by a specific user.',
    ],
    ['OnlineMeetingTranscript.Read.All', 'Not supported.', 'OnlineMeetingTranscript.Read.All'],
  ],
  [
    ['channel', '/teams/getAllChannels', 'All channels in an organization.'],
    ['Not supported.', 'Not supported.', 'Channel.ReadBasic.All, ChannelSettings.Read.All'],
  ],
  [
    ['channel', '/teams/{id}/channels', 'All channels in a particular team in an organization.'],
    [
      'Channel.ReadBasic.All, ChannelSettings.Read.All',
      'Not supported.',
      'Channel.ReadBasic.All, ChannelSettings.Read.All',
    ],
  ],
  [
    ['chat', '/chats', 'All chats in an organization.'],
    ['Not supported.', 'Not supported.', 'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All'],
  ],
  [
    ['chat', '/chats/{id}', 'A particular chat.'],
    [
      'Chat.ReadBasic, Chat.Read, Chat.ReadWrite',
      'Not supported.',
      'ChatSettings.Read.Chat*, ChatSettings.ReadWrite.Chat*, Chat.Manage.Chat*, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All',
    ],
  ],
  [
    [
      'chat',
      '/appCatalogs/teamsApps/{id}/installedToChats',
      'All chats in an organization where a particular Teams app is installed.',
    ],
    [
      'Not supported',
      'Not supported',
      'Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled',
    ],
  ],
  [
    ['chat', '/users/{id}/chats', 'All chats that a particular user is part of.'],
    [
      'Chat.ReadBasic, Chat.Read, Chat.ReadWrite',
      'Not supported.',
      'Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All',
    ],
  ],
  [
    [
      'chatMessage',
      '/teams/{id}/channels/{id}/messages',
      'All messages and replies in a particular channel.',
    ],
    [
      'ChannelMessage.Read.All, Group.Read.All, Group.ReadWrite.All',
      'Not supported.',
      'ChannelMessage.Read.Group*, ChannelMessage.Read.All',
    ],
  ],
  [
    ['chatMessage', '/teams/getAllMessages', 'All channel messages in organization.'],
    ['Not supported.', 'Not supported.', 'ChannelMessage.Read.All'],
  ],
  [
    ['chatMessage', '/chats/{id}/messages', 'All messages in a chat.'],
    ['Chat.Read, Chat.ReadWrite', 'Not supported.', 'Chat.Read.All'],
  ],
  [
    ['chatMessage', '/chats/getAllMessages.', 'All chat messages in an organization.'],
    ['Not supported.', 'Not supported.', 'Chat.Read.All'],
  ],
  [
    [
      'chatMessage',
      '/users/{id}/chats/getAllMessages',
      'Chat messages for all chats a particular user is part of.',
    ],
    ['Chat.Read, Chat.ReadWrite', 'Not supported.', 'Chat.Read.All, Chat.ReadWrite.All'],
  ],
  [
    [
      'chatMessage',
      '/appCatalogs/teamsApps/{id}/installedToChats/getAllMessages',
      'Chat messages for all chats in an organization where a particular Teams app is installed.',
    ],
    ['Not supported', 'Not supported', 'Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled'],
  ],
  [['contact'], ['Contacts.Read', 'Contacts.Read', 'Contacts.Read']],
  [
    ['conversationMember', '/chats/getAllMembers', 'Members of all chats in an organization.'],
    [
      'Not supported.',
      'Not supported.',
      'ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All',
    ],
  ],
  [
    ['conversationMember', '/chats/{id}/members', 'Members of a particular chat.'],
    [
      'ChatMember.Read, ChatMember.ReadWrite, Chat.ReadBasic, Chat.Read, Chat.ReadWrite',
      'Not supported.',
      'ChatMember.Read.Chat*, Chat.Manage.Chat*, ChatMember.Read.All, ChatMember.ReadWrite.All, Chat.ReadBasic.All, Chat.Read.All, Chat.ReadWrite.All',
    ],
  ],
  [
    [
      'conversationMember',
      '/appCatalogs/teamsApps/{id}/installedToChats/getAllMembers',
      'Chat members for all chats in an organization where a particular Teams app is installed.',
    ],
    [
      'Not supported.',
      'Not supported.',
      'ChatMember.Read.WhereInstalled, ChatMember.ReadWrite.WhereInstalled, Chat.ReadBasic.WhereInstalled, Chat.Read.WhereInstalled, Chat.ReadWrite.WhereInstalled',
    ],
  ],
  [
    ['conversationMember', '/teams/getAllMembers', 'Members in all teams in an organization.'],
    ['Not supported.', 'Not supported.', 'TeamMember.Read.All, TeamMember.ReadWrite.All'],
  ],
  [
    ['conversationMember', '/teams/{id}/members', 'Members in a particular team.'],
    ['TeamMember.Read.All', 'Not supported.', 'TeamMember.Read.All'],
  ],
  [
    [
      'conversationMember',
      '/teams/{id}/channels/getAllMembers',
      'Members in all private channels of a particular team.',
    ],
    ['Not supported.', 'Not supported.', 'ChannelMember.Read.All'],
  ],
  [
    ['conversationMember (/teams/getAllChannels/getAllMembers)'],
    ['Not supported.', 'Not supported.', 'ChannelMember.Read.All'],
  ],
  [
    ["driveItem (user's personal OneDrive)"],
    ['Not supported.', 'Files.ReadWrite', 'Not supported.'],
  ],
  [
    ['driveItem (OneDrive for Business)'],
    ['Files.ReadWrite.All', 'Not supported.', 'Files.ReadWrite.All'],
  ],
  [['event'], ['Calendars.Read', 'Calendars.Read', 'Calendars.Read']],
  [['group'], ['Group.Read.All', 'Not supported.', 'Group.Read.All']],
  [['group conversation'], ['Group.Read.All', 'Not supported.', 'Not supported.']],
  [['list'], ['Sites.ReadWrite.All', 'Not supported.', 'Sites.ReadWrite.All']],
  [['message'], ['Mail.ReadBasic, Mail.Read', 'Mail.ReadBasic, Mail.Read', 'Mail.Read']],
  [
    [
      'offerShiftRequest',
      '(/teams/{id}/schedule/offerShiftRequests)',
      'Changes to any offer shift request in a team.',
    ],
    [
      'Schedule.Read.All, Schedule.ReadWrite.All',
      'Not supported.',
      'Schedule.Read.All, Schedule.ReadWrite.All',
    ],
  ],
  [
    [
      'openShiftChangeRequest',
      '(/teams/{id}/schedule/openShiftChangeRequests)',
      'Changes to any open shift request in a team.',
    ],
    [
      'Schedule.Read.All, Schedule.ReadWrite.All',
      'Not supported.',
      'Schedule.Read.All, Schedule.ReadWrite.All',
    ],
  ],
  [
    ['online meeting'],
    ['Not supported', 'Not supported', 'OnlineMeetings.Read.All, OnlineMeetings.ReadWrite.All'],
  ],
  [['presence'], ['Presence.Read.All', 'Not supported.', 'Not supported.']],
  [['printer'], ['Not supported.', 'Not supported.', 'Printer.Read.All, Printer.ReadWrite.All']],
  [
    ['printTaskDefinition'],
    ['Not supported.', 'Not supported.', 'PrintTaskDefinition.ReadWrite.All'],
  ],
  [
    ['security alert'],
    ['SecurityEvents.ReadWrite.All', 'Not supported.', 'SecurityEvents.ReadWrite.All'],
  ],
  [
    ['shift', '(/teams/{id}/schedule/shifts)', 'Changes to any shift in a team.'],
    [
      'Schedule.Read.All, Schedule.ReadWrite.All',
      'Not supported.',
      'Schedule.Read.All, Schedule.ReadWrite.All',
    ],
  ],
  [
    [
      'swapShiftsChangeRequest',
      '(/teams/{id}/schedule/swapShiftsChangeRequests)',
      'Changes to any swap shift request in a team.',
    ],
    [
      'Schedule.Read.All, Schedule.ReadWrite.All',
      'Not supported.',
      'Schedule.Read.All, Schedule.ReadWrite.All',
    ],
  ],
  [
    ['team', '/teams', 'All teams in an organization.'],
    ['Not supported.', 'Not supported.', 'Team.ReadBasic.All, TeamSettings.Read.All'],
  ],
  [
    ['team', '/teams/{id}', 'A particular team.'],
    [
      'Team.ReadBasic.All, TeamSettings.Read.All',
      'Not supported.',
      'Team.ReadBasic.All, TeamSettings.Read.All',
    ],
  ],
  [
    [
      'timeOffRequest',
      '(/teams/{id}/schedule/timeOffRequests)',
      'Changes to any time off request in a team.',
    ],
    [
      'Schedule.Read.All, Schedule.ReadWrite.All',
      'Not supported.',
      'Schedule.Read.All, Schedule.ReadWrite.All',
    ],
  ],
  [['todoTask'], ['Tasks.ReadWrite', 'Tasks.ReadWrite', 'Not supported.']],
  [['user'], ['User.Read.All', 'User.Read.All', 'User.Read.All']],
];
