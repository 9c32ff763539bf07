import { InitialSchema1764190000000 } from './1764190000000-initial-schema';
import { ModerationAndPublishing1764200000000 } from './1764200000000-moderation-and-publishing';
import { EntryAuthorship1764300000000 } from './1764300000000-entry-authorship';

/** Every migration, oldest first. Add new ones here; they run at start-up. */
export const MIGRATIONS = [InitialSchema1764190000000, ModerationAndPublishing1764200000000, EntryAuthorship1764300000000];
