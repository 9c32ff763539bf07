import { InitialSchema1764190000000 } from './1764190000000-initial-schema';

/** Every migration, oldest first. Add new ones here; they run at start-up. */
export const MIGRATIONS = [InitialSchema1764190000000];
