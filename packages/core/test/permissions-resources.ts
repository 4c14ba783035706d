// Resource strings as people write them in `subscription.resource`, with the rule each must
// resolve to (rule ids, in table order), drawn from Graph's change-notification and subscription
// pages. `null` marks a string that must not resolve.

const personalDrive = "driveItem (user's personal OneDrive)";
const businessDrive = 'driveItem (OneDrive for Business)';
const chatMessages = 'chatMessage /chats/{id}/messages';
const channelMessages = 'chatMessage /teams/{id}/channels/{id}/messages';
const meetingId =
  'MSpkYzE3Njc0Yy04MWQ5LTRhZGItYmZiMi04ZjZhNDQyZTRiMDYqMCoqMTk6bWVldGluZ19ZMk0wT0RZME4yVXRNR0poT0MwME5qWTJMVGd6TWprdE5ERXpORFE1T1RZeE9XRXhAdGhyZWFkLnYy';

/** [resource, expected rule ids or null] */
export const resourceCases: ReadonlyArray<readonly [string, readonly string[] | null]> = [
  // Outlook messages: me/users, keys, folders, query strings, case, slashes, full URLs.
  ['me/messages', ['message']],
  ['/me/messages', ['message']],
  ['me/messages/', ['message']],
  ['//me//messages//', ['message']],
  ["me/mailFolders('Inbox')/messages", ['message']],
  ["/users/{id}/mailFolders('inbox')/messages", ['message']],
  ['users/48d31887-5fad-4d73-a9f5-3c356e68a038/mailFolders/AAMkAGI2TAAA=/messages', ['message']],
  ["me/mailFolders('Inbox')/childFolders('AAMkAGVmMDEz')/messages", ['message']],
  ['me/mailfolders/inbox/childfolders/a/childfolders/b/childfolders/c/messages', ['message']],
  ["users('AdeleV@contoso.onmicrosoft.com')/messages", ['message']],
  ["users('o''neil@contoso.com')/messages", ['message']],
  ["users/o'neil@contoso.com/messages", ['message']],
  ['USERS/AdeleV@contoso.onmicrosoft.com/MESSAGES', ['message']],
  ["me/messages?$filter=importance eq 'high'", ['message']],
  ['me/mailFolders(%27Inbox%27)/messages', ['message']],
  ['https://graph.microsoft.com/v1.0/me/messages', ['message']],
  ['https://graph.microsoft.us/beta/users/{user-id}/messages', ['message']],
  // Outlook events and contacts.
  ['me/events', ['event']],
  ['/users/{id}/events', ['event']],
  ["users('87d349ed-44d7-43e1-9a83-5f2406dee5bd')/events?$select=subject", ['event']],
  ['me/calendar/events', ['event']],
  ['me/calendars/AAMkAGViNDU7zAAAAAGtlAAA=/events', ['event']],
  ['me/contacts', ['contact']],
  ['/users/{user-id}/contacts', ['contact']],
  ['me/contactFolders/{id}/contacts', ['contact']],
  // Directory: users and groups.
  ['users', ['user']],
  ['/Users', ['user']],
  ['users/{id}', ['user']],
  ['users/48d31887-5fad-4d73-a9f5-3c356e68a038', ['user']],
  ['me', ['user']],
  ['groups', ['group']],
  ["groups('02bd9fd6-8f93-4758-87c3-1fb73740a315')", ['group']],
  ['groups/{id}/members', ['group']],
  ['/groups/{id}/owners', ['group']],
  ["groups('{id}')/conversations", ['group conversation']],
  ['groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/conversations/', ['group conversation']],
  // OneDrive and SharePoint.
  ['me/drive/root', [personalDrive, businessDrive]],
  ['/users/{id}/drive/root', [personalDrive, businessDrive]],
  [
    'drives/b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7/root',
    [businessDrive],
  ],
  ['me/drive/items/01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K', [personalDrive]],
  ['drives/{drive-id}/items/{folder-id}', [personalDrive]],
  [
    'sites/contoso.sharepoint.com,2C712604-1370-44E7-A1F5-426573FDA80A,2D2244C3-251A-49EA-93A8-39E1C3A060FE/lists/{list-id}',
    ['list'],
  ],
  ['sites/root/lists/d7689e2b-941a-4cd3-bb24-55cddee54294', ['list']],
  // Teams chats.
  ['chats', ['chat /chats']],
  [
    '/chats/19:7d898072-792c-4006-bb10-5ca9f4d4f0b4_8ea0e38b-efb3-4757-924a-5f94061cf8c2@unq.gbl.spaces',
    ['chat /chats/{id}'],
  ],
  ['/chats/19:abcdef@thread.v2?notifyOnUserSpecificProperties=true', ['chat /chats/{id}']],
  ["chats('19:abcdef@thread.v2')", ['chat /chats/{id}']],
  ['/users/{id}/chats?notifyOnUserSpecificProperties=true', ['chat /users/{id}/chats']],
  ['me/chats', ['chat /users/{id}/chats']],
  [
    '/appCatalogs/teamsApps/{id}/installedToChats',
    ['chat /appCatalogs/teamsApps/{id}/installedToChats'],
  ],
  [
    'appCatalogs/teamsApps/e2a1e2b2-0e7c-4c6b-9a2f-1f0b7e3b2d6b/installedToChats?model=A',
    ['chat /appCatalogs/teamsApps/{id}/installedToChats'],
  ],
  // Teams messages.
  ['chats/getAllMessages', ['chatMessage /chats/getAllMessages.']],
  ['/chats/getAllMessages.', ['chatMessage /chats/getAllMessages.']],
  ['chats/getAllMessages?model=A', ['chatMessage /chats/getAllMessages.']],
  ['CHATS/GETALLMESSAGES', ['chatMessage /chats/getAllMessages.']],
  ['/chats/19:abcdef@thread.v2/messages', [chatMessages]],
  [
    "chats/{id}/messages?$filter=mentions/any(u: u/mentioned/user/id eq '{userId}')",
    [chatMessages],
  ],
  ['/me/chats/getAllMessages', ['chatMessage /users/{id}/chats/getAllMessages']],
  ['/users/{id}/chats/getAllMessages?model=B', ['chatMessage /users/{id}/chats/getAllMessages']],
  ['/teams/{id}/channels/{id}/messages', [channelMessages]],
  [
    "teams('fbe2bf47-16c8-47cf-b4a5-4b9b187c508b')/channels('19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2')/messages",
    [channelMessages],
  ],
  [
    "teams/fbe2bf47-16c8-47cf-b4a5-4b9b187c508b/channels/19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2/messages?$filter=mentions/any(u: u/mentioned/user/id eq 'x')",
    [channelMessages],
  ],
  ['/teams/getAllMessages', ['chatMessage /teams/getAllMessages']],
  [
    '/appCatalogs/teamsApps/{id}/installedToChats/getAllMessages',
    ['chatMessage /appCatalogs/teamsApps/{id}/installedToChats/getAllMessages'],
  ],
  // Teams channels, teams and members.
  ['/teams/getAllChannels', ['channel /teams/getAllChannels']],
  ['/teams/{id}/channels', ['channel /teams/{id}/channels']],
  ['/teams', ['team /teams']],
  ["teams('fbe2bf47-16c8-47cf-b4a5-4b9b187c508b')", ['team /teams/{id}']],
  ['/chats/getAllMembers', ['conversationMember /chats/getAllMembers']],
  ['/chats/{id}/members', ['conversationMember /chats/{id}/members']],
  [
    '/appCatalogs/teamsApps/{id}/installedToChats/getAllMembers',
    ['conversationMember /appCatalogs/teamsApps/{id}/installedToChats/getAllMembers'],
  ],
  ['/teams/getAllMembers', ['conversationMember /teams/getAllMembers']],
  ['/teams/{id}/members', ['conversationMember /teams/{id}/members']],
  ['teams/{id}/channels/getAllMembers', ['conversationMember /teams/{id}/channels/getAllMembers']],
  [
    '/teams/getAllChannels/getAllMembers',
    ['conversationMember /teams/getAllChannels/getAllMembers'],
  ],
  // Shifts.
  ['/teams/{id}/schedule/shifts', ['shift /teams/{id}/schedule/shifts']],
  [
    '/teams/{id}/schedule/offerShiftRequests',
    ['offerShiftRequest /teams/{id}/schedule/offerShiftRequests'],
  ],
  [
    '/teams/{id}/schedule/openShiftChangeRequests',
    ['openShiftChangeRequest /teams/{id}/schedule/openShiftChangeRequests'],
  ],
  [
    '/teams/{id}/schedule/swapShiftsChangeRequests',
    ['swapShiftsChangeRequest /teams/{id}/schedule/swapShiftsChangeRequests'],
  ],
  ['/teams/{id}/schedule/timeOffRequests', ['timeOffRequest /teams/{id}/schedule/timeOffRequests']],
  // Calls and meetings.
  ['communications/callRecords', ['callRecord']],
  ['/communications/callRecords?$filter=startDateTime ge 2026-01-01T00:00:00Z', ['callRecord']],
  [
    'communications/onlineMeetings/getAllRecordings',
    ['callRecording communications/onlineMeetings/getAllRecordings'],
  ],
  [
    `communications/onlineMeetings/${meetingId}/recordings`,
    ['callRecording communications/onlineMeetings/{onlineMeetingId}/recordings'],
  ],
  [
    'users/{userId}/onlineMeetings/getAllRecordings',
    ['callRecording users/{userId}/onlineMeetings/getAllRecordings'],
  ],
  [
    'communications/onlineMeetings/getAllTranscripts',
    ['callTranscript communications/onlineMeetings/getAllTranscripts'],
  ],
  [
    "communications/onlineMeetings('{onlineMeetingId}')/transcripts",
    ['callTranscript communications/onlineMeetings/{onlineMeetingId}/transcripts'],
  ],
  [
    'me/onlineMeetings/getAllTranscripts',
    ['callTranscript users/{userId}/onlineMeetings/getAllTranscripts'],
  ],
  [
    "/communications/onlineMeetings/?$filter=JoinWebUrl eq 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d'",
    ['online meeting'],
  ],
  [
    "communications/onlineMeetings(joinWebUrl='https%3A%2F%2Fteams.microsoft.com%2Fl%2Fmeetup-join%2F19%253ameeting')/meetingCallEvents",
    ['online meeting'],
  ],
  ['/communications/presences/{id}', ['presence']],
  [
    "/communications/presences?$filter=id in ('9a6b45ed-8c0d-4e4a-8b3d-1c5d7c1b8e0e','b0f3e6c8-2d9a-4d38-8f3f-7e6f9f0a1b2c')",
    ['presence'],
  ],
  // Print, security, tasks, Copilot, virtual events.
  ['print/printers/{id}/jobs', ['printer']],
  ['print/taskDefinitions/{id}/tasks', ['printTaskDefinition']],
  ['/print/printtaskdefinition/{id}/tasks', ['printTaskDefinition']],
  ["security/alerts?$filter=status eq 'New'", ['security alert']],
  ['/security/alerts/{id}', ['security alert']],
  ['/me/todo/lists/{todoTaskListId}/tasks', ['todoTask']],
  ['me/tasks/lists/{id}/tasks', ['baseTask']],
  [
    'copilot/users/{userId}/interactionHistory/getAllEnterpriseInteractions',
    ['aiInteraction copilot/users/{userId}/interactionHistory/getAllEnterpriseInteractions'],
  ],
  [
    '/copilot/interactionHistory/getAllEnterpriseInteractions',
    ['aiInteraction copilot/interactionHistory/getAllEnterpriseInteractions'],
  ],
  ['solutions/virtualEvents/webinars/{webinarId}/sessions', ['virtualEventWebinar']],
  ['solutions/virtualEvents/townhalls/{townhallId}', ['virtualEventTownhall']],
  ['solutions/virtualEvents/events', ['virtualEventWebinar', 'virtualEventTownhall']],
  // Not subscribable, or not a resource path at all.
  ['', null],
  ['   ', null],
  ['/', null],
  ['?$filter=x', null],
  ['subscriptions', null],
  ['subscriptions/{id}', null],
  ['me/drive', null],
  ['me/drive/root/children', null],
  ['me/drive/items/{id}/content', null],
  ['me/mailFolders', null],
  ["me/mailFolders('Inbox')", null],
  ["me/mailFolders('Inbox/messages", null],
  ['me/mesages', null],
  ['chats/getAllMessages/extra', null],
  ['teams/getAllChannels/channels', null],
  ['sites/{id}', null],
  ['reports/healthmonitoring/alerts', null],
  ['solutions/approval/approvalItems', null],
  ['me/messages/{id}/attachments', null],
  ['users()/messages', null],
];
