// A realistic mix of subscription resources and the tokens that reauthorize them, weighted like
// the traffic of a multi-tenant app: mostly Outlook mail and calendars, then Teams chats and
// channels, then directory and files, with a tail of everything else.

const guid = '48d31887-5fad-4d73-a9f5-3c356e68a038';
const team = 'fbe2bf47-16c8-47cf-b4a5-4b9b187c508b';
const channel = '19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2';
const chat = '19:7d898072-792c-4006-bb10-5ca9f4d4f0b4_8ea0e38b@unq.gbl.spaces';
const upn = 'AdeleV@contoso.onmicrosoft.com';

const mail = { scp: 'Mail.Read User.Read offline_access', tid: guid };
const mailApp = { roles: ['Mail.Read', 'User.Read.All'] };
const calendar = { scp: 'Calendars.Read User.Read', tid: guid };
const calendarApp = { roles: ['Calendars.Read'] };
const chatApp = { roles: ['Chat.Read.All', 'ChatMember.Read.All'] };
const chatUser = { scp: 'Chat.ReadWrite User.Read', tid: guid };
const channelApp = { roles: ['ChannelMessage.Read.All', 'Team.ReadBasic.All'] };
const directoryApp = { roles: ['User.Read.All', 'Group.Read.All'] };
const filesApp = { roles: ['Files.ReadWrite.All', 'Sites.ReadWrite.All'] };
const personal = { scp: 'Files.ReadWrite Mail.Read', tid: '9188040d-6c67-4c5b-b112-36a304b66dad' };
const scheduleApp = { roles: ['Schedule.Read.All'] };
const callsApp = { roles: ['CallRecords.Read.All', 'OnlineMeetings.Read.All'] };
const other = { roles: ['Printer.Read.All', 'SecurityEvents.ReadWrite.All'] };

/** [weight, resource, claims] */
export const mix = [
  [60, 'me/messages', mail],
  [40, "me/mailFolders('Inbox')/messages", mail],
  [30, `users/${guid}/messages`, mailApp],
  [25, `/users/${upn}/mailFolders('inbox')/messages`, mailApp],
  [10, `users('${upn}')/messages`, mailApp],
  [8, "me/mailFolders('Inbox')/childFolders('AAMkAGVmMDEz')/messages", mail],
  [6, "me/messages?$filter=importance eq 'high'", mail],
  [5, `https://graph.microsoft.com/v1.0/users/${guid}/messages`, mailApp],
  [40, 'me/events', calendar],
  [25, `/users/${guid}/events`, calendarApp],
  [8, 'me/calendar/events', calendar],
  [12, 'me/contacts', calendar],
  [8, `users/${guid}/contacts`, mailApp],
  [30, `/chats/${chat}/messages`, chatApp],
  [15, `chats/${chat}/messages`, chatUser],
  [15, '/chats/getAllMessages', chatApp],
  [10, `/users/${guid}/chats/getAllMessages`, chatApp],
  [8, 'me/chats/getAllMessages', chatUser],
  [8, `/chats/${chat}`, chatApp],
  [6, `/chats/${chat}?notifyOnUserSpecificProperties=true`, chatUser],
  [6, '/chats', chatApp],
  [5, `/users/${guid}/chats`, chatApp],
  [4, `/chats/${chat}/members`, chatApp],
  [3, '/chats/getAllMembers', chatApp],
  [3, `/appCatalogs/teamsApps/${guid}/installedToChats`, chatApp],
  [2, `/appCatalogs/teamsApps/${guid}/installedToChats/getAllMessages`, chatApp],
  [25, `/teams/${team}/channels/${channel}/messages`, channelApp],
  [10, `teams('${team}')/channels('${channel}')/messages`, channelApp],
  [10, '/teams/getAllMessages', channelApp],
  [5, `/teams/${team}/channels`, channelApp],
  [4, '/teams/getAllChannels', channelApp],
  [5, '/teams', channelApp],
  [5, `/teams/${team}`, channelApp],
  [4, `/teams/${team}/members`, channelApp],
  [2, `/teams/${team}/channels/getAllMembers`, channelApp],
  [20, 'users', directoryApp],
  [8, `users/${guid}`, directoryApp],
  [15, 'groups', directoryApp],
  [8, `groups('${guid}')`, directoryApp],
  [5, `/groups/${guid}/members`, directoryApp],
  [15, 'me/drive/root', personal],
  [12, `/users/${guid}/drive/root`, filesApp],
  [10, 'drives/b!t18F8ybsHUq1z3LTz8xvZqP8zaSWjkFNhsME-Fepo75dTf9vQKfeRblBZjoSQrd7/root', filesApp],
  [8, `sites/contoso.sharepoint.com,${guid},${guid}/lists/${guid}`, filesApp],
  [4, `/teams/${team}/schedule/shifts`, scheduleApp],
  [2, `/teams/${team}/schedule/timeOffRequests`, scheduleApp],
  [2, `/teams/${team}/schedule/openShiftChangeRequests`, scheduleApp],
  [5, 'communications/callRecords', callsApp],
  [
    3,
    "/communications/onlineMeetings/?$filter=JoinWebUrl eq 'https://teams.microsoft.com/l/x'",
    callsApp,
  ],
  [3, `communications/onlineMeetings/${guid}/transcripts`, callsApp],
  [2, 'communications/onlineMeetings/getAllRecordings', callsApp],
  [4, `/communications/presences/${guid}`, chatUser],
  [2, `print/printers/${guid}/jobs`, other],
  [3, "security/alerts?$filter=status eq 'New'", other],
  [3, `/me/todo/lists/${guid}/tasks`, personal],
  [2, `groups/${guid}/conversations`, directoryApp],
  [1, 'copilot/interactionHistory/getAllEnterpriseInteractions', callsApp],
];

/** A seeded generator (mulberry32), so that every run measures the same sequence. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` draws from the mix, in proportion to the weights. */
export function sample(count, seed = 1) {
  const next = random(seed);
  const total = mix.reduce((sum, [weight]) => sum + weight, 0);
  return Array.from({ length: count }, () => {
    let pick = next() * total;
    for (const entry of mix) {
      pick -= entry[0];
      if (pick < 0) return entry;
    }
    return mix[mix.length - 1];
  });
}
