import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { ModerationAndPublishing1764200000000 } from './1764200000000-moderation-and-publishing';
import { EntryAuthorship1764300000000 } from './1764300000000-entry-authorship';
import { SupersededRevisions1764300000001 } from './1764300000001-superseded-revisions';
import { MetaText1764400000000 } from './1764400000000-meta-text';
import { AccountLifecycle1764500000000 } from './1764500000000-account-lifecycle';
import { Invitations1764500000001 } from './1764500000001-invitations';
import { JoinRequests1764500000002 } from './1764500000002-join-requests';
import { GroupArchive1764500000003 } from './1764500000003-group-archive';
import { OidcSignIn1764600000010 } from './1764600000010-oidc-sign-in';
import { Files1764700000000 } from './1764700000000-files';
import { Datasets1764800000000 } from './1764800000000-datasets';
import { Reach1764900000000 } from './1764900000000-reach';
import { Translations1765200000000 } from './1765200000000-translations';
import { Reports1765000000000 } from './1765000000000-reports';
import { Discussion1765100000000 } from './1765100000000-discussion';
import { EntryArchive1765300000000 } from './1765300000000-entry-archive';
import { BodyMentions1765420000000 } from './1765420000000-body-mentions';
import { NotificationDigests1765410000000 } from './1765410000000-notification-digests';
import { NotificationInvitationIndex1765430000000 } from './1765430000000-notification-invitation-index';
import { InvitedNotificationCap1765440000000 } from './1765440000000-invited-notification-cap';
import { DigestClaims1765450000000 } from './1765450000000-digest-claims';

/** Every migration, oldest first. Add new ones here; they run at start-up. */
export const MIGRATIONS = [
  InitialSchema1764190000000,
  ModerationAndPublishing1764200000000,
  EntryAuthorship1764300000000,
  SupersededRevisions1764300000001,
  MetaText1764400000000,
  AccountLifecycle1764500000000,
  Invitations1764500000001,
  JoinRequests1764500000002,
  GroupArchive1764500000003,
  OidcSignIn1764600000010,
  Files1764700000000,
  Datasets1764800000000,
  Reach1764900000000,
  Translations1765200000000,
  Reports1765000000000,
  Discussion1765100000000,
  EntryArchive1765300000000,
  NotificationDigests1765410000000,
  BodyMentions1765420000000,
  NotificationInvitationIndex1765430000000,
  InvitedNotificationCap1765440000000,
  DigestClaims1765450000000,
];
