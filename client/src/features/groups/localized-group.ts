import type { GroupDto } from '@knowledge-hub/shared';
import type { Language } from '../../i18n/language';

/** A group's name and description in the interface language (English when no translation exists). */
export function localizedGroup(group: GroupDto, lang: Language): { name: string; description: string } {
  if (lang === 'zh') return { name: group.nameZh || group.name, description: group.descriptionZh || group.description };
  return { name: group.name, description: group.description };
}
